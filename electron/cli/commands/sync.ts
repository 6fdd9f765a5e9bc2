import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia sync`.
export const command: Command = {
  summary: '(sync: not built yet)',
  usage: 'concilia sync',
  run() {
    return Promise.reject(new CliError('concilia sync is not built yet.'));
  },
};
