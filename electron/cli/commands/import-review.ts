import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia import-review`.
export const command: Command = {
  summary: '(import-review: not built yet)',
  usage: 'concilia import-review',
  run() {
    return Promise.reject(new CliError('concilia import-review is not built yet.'));
  },
};
