import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia export`.
export const command: Command = {
  summary: '(export: not built yet)',
  usage: 'concilia export',
  run() {
    return Promise.reject(new CliError('concilia export is not built yet.'));
  },
};
