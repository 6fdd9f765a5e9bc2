import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia source`.
export const command: Command = {
  summary: '(source: not built yet)',
  usage: 'concilia source',
  run() {
    return Promise.reject(new CliError('concilia source is not built yet.'));
  },
};
