/**
 * The team server's address: a postgres:// connection string without its password. The password
 * is a credential like the upstreams' (the app's secret store, bound to this origin; the command
 * line's environment): it is taken out of a pasted string, never written to the cache, and never
 * shown.
 */
import { TeamError } from './errors.ts';

export interface TeamAddress {
  host: string;
  port: number;
  database: string;
  user: string;
  /** require | verify-full | disable (sslmode); loopback defaults to disable, anything else to verify-full. */
  ssl: 'disable' | 'require' | 'verify-full';
}

const SSL_MODES = new Set(['disable', 'require', 'verify-full']);

/** Parse a connection string; returns the address and the password it carried, if any. */
export function parseTeamUrl(text: string): { address: TeamAddress; password: string | null } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TeamError('invalid_input', 'The team server must be a connection string like postgres://role@host:5432/database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new TeamError('invalid_input', 'The team server must be a connection string like postgres://role@host:5432/database.');
  }
  const user = decodeURIComponent(url.username);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (user === '') throw new TeamError('invalid_input', 'Say which database role you connect as: postgres://ROLE@host/database.');
  if (database === '' || database.includes('/')) throw new TeamError('invalid_input', 'Say which database holds the team: postgres://role@host/DATABASE.');
  if (url.hostname === '') throw new TeamError('invalid_input', 'Say which server: postgres://role@HOST/database.');
  const port = url.port === '' ? 5432 : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  const sslmode = url.searchParams.get('sslmode') ?? (loopback ? 'disable' : 'verify-full');
  if (!SSL_MODES.has(sslmode)) throw new TeamError('invalid_input', `sslmode must be disable, require or verify-full, not "${sslmode}".`);
  for (const key of url.searchParams.keys()) {
    if (key !== 'sslmode') throw new TeamError('invalid_input', `The connection string option "${key}" is not supported (only sslmode).`);
  }
  return {
    address: { host, port, database, user, ssl: sslmode as TeamAddress['ssl'] },
    password: url.password === '' ? null : decodeURIComponent(url.password),
  };
}

/** The address as people read it (never with a password). */
export function teamUrl(address: TeamAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const ssl = address.ssl === ((/^127\./.test(address.host) || address.host === 'localhost' || address.host === '::1') ? 'disable' : 'verify-full') ? '' : `?sslmode=${address.ssl}`;
  return `postgres://${encodeURIComponent(address.user)}@${host}:${address.port}/${encodeURIComponent(address.database)}${ssl}`;
}

/** The origin a team password is bound to (like an upstream credential's). */
export function teamOrigin(address: TeamAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `postgres://${host}:${address.port}`;
}
