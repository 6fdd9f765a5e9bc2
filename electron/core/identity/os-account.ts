/**
 * The operating-system account the process runs as: on POSIX systems its user name and uid, on
 * Windows its user name and the machine (a uid means nothing there). Read from the system
 * (getpwuid, GetUserName), never from the environment: setting USER or HOME changes nothing.
 */
import { hostname, userInfo } from 'node:os';
import { posixAccountId, windowsAccountId } from './account-id.ts';
import { IdentityError } from './errors.ts';

export interface OsAccount {
  accountId: string;
  userName: string;
}

export function osAccount(platform: NodeJS.Platform = process.platform): OsAccount {
  let info: { username: string; uid: number };
  try {
    info = userInfo();
  } catch (error) {
    throw new IdentityError(`Concilia cannot tell which account of this computer is running it (${error instanceof Error ? error.message : String(error)}), so it cannot record who did anything.`);
  }
  if (platform === 'win32') return { accountId: windowsAccountId(hostname(), info.username), userName: info.username };
  return { accountId: posixAccountId(info.username, info.uid), userName: info.username };
}
