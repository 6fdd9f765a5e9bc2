/**
 * Where the command line is about to send the environment's credentials, said before anything is
 * sent, and refused when the cache's address is not the one the connection was added with (or
 * last given by `concilia source set-url`): a cache edited behind Concilia's back must not make
 * the command line hand CONCILIA_TOKEN / CONCILIA_API_KEY to another server.
 */
import { userInfo } from 'node:os';
import { checkedDestination, type Connection } from '../core/connections/index.ts';
import type { CliContext } from './context.ts';

export function announceDestination(ctx: Pick<CliContext, 'io'>, connection: Connection): string {
  const destination = checkedDestination(connection);
  const variables = connection.kind === 'portal' ? 'CONCILIA_TOKEN and CONCILIA_API_KEY' : 'CONCILIA_API_KEY';
  ctx.io.stderr.write(`${connection.name}: sending ${variables} to ${destination}\n`);
  return destination;
}

/** Who a change is recorded under when --author is not given: CONCILIA_AUTHOR, else the OS user. */
export function defaultActor(env: NodeJS.ProcessEnv): string {
  if (env.CONCILIA_AUTHOR !== undefined && env.CONCILIA_AUTHOR.trim() !== '') return env.CONCILIA_AUTHOR;
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
