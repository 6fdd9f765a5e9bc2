import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia demo`.
export const command: Command = {
  summary: '(demo: not built yet)',
  usage: 'concilia demo',
  run() {
    return Promise.reject(new CliError('concilia demo is not built yet.'));
  },
};
