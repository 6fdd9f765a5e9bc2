import { CliError, type Command } from '../context.ts';

// Placeholder: replaced by the issue that builds `concilia reconcile`.
export const command: Command = {
  summary: '(reconcile: not built yet)',
  usage: 'concilia reconcile',
  run() {
    return Promise.reject(new CliError('concilia reconcile is not built yet.'));
  },
};
