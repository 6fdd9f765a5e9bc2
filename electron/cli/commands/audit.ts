import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia audit`.
export const command: Command = {
  summary: '(audit: not built yet)',
  usage: 'concilia audit',
  run() {
    return Promise.reject(new CliError('concilia audit is not built yet.'));
  },
};
