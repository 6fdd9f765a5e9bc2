/**
 * Where the command line is about to send the environment's credentials, said before anything is
 * sent, and refused when the cache's address is not the one the connection was added with (or
 * last given by `concilia source set-url`): a cache edited behind Concilia's back must not make
 * the command line hand CONCILIA_TOKEN / CONCILIA_API_KEY to another server.
 */
import { checkedDestination, type Connection } from '../core/connections/index.ts';
import type { CliContext } from './context.ts';

export function announceDestination(ctx: Pick<CliContext, 'io'>, connection: Connection): string {
  const destination = checkedDestination(connection);
  const variables = connection.kind === 'portal' ? 'CONCILIA_TOKEN and CONCILIA_API_KEY' : 'CONCILIA_API_KEY';
  ctx.io.stderr.write(`${connection.name}: sending ${variables} to ${destination}\n`);
  return destination;
}
