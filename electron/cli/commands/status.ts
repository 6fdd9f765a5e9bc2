import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia status`.
export const command: Command = {
  summary: '(status: not built yet)',
  usage: 'concilia status',
  run() {
    return Promise.reject(new CliError('concilia status is not built yet.'));
  },
};
