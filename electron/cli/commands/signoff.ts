import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia signoff`.
export const command: Command = {
  summary: '(signoff: not built yet)',
  usage: 'concilia signoff',
  run() {
    return Promise.reject(new CliError('concilia signoff is not built yet.'));
  },
};
