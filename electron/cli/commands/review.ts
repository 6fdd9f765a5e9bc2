import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia review`.
export const command: Command = {
  summary: '(review: not built yet)',
  usage: 'concilia review',
  run() {
    return Promise.reject(new CliError('concilia review is not built yet.'));
  },
};
