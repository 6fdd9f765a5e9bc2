/**
 * Account ids, built and read in one place. An id is stable and never typed; it says which kind of
 * account it is and what names it:
 * - 'posix:ana:1001': a Linux or macOS account, by user name and uid (a name alone can be reused);
 * - 'windows:LAPTOP-7\ana': a Windows account, by computer and user name;
 * - 'unverified:Ana Pérez': a name typed before identities existed (migration 0005), proving nothing;
 * - 'test:Ana Pérez': an account made up by the test suite.
 * People never read an id as is: `accountOrigin` gives its parts, which language/ turns into a
 * sentence in the reader's language. An id of another form (a newer version's) is kept whole as 'other'.
 */

export type AccountOrigin =
  | { kind: 'posix'; user: string; uid: string }
  | { kind: 'windows'; user: string; computer: string }
  | { kind: 'unverified'; name: string }
  | { kind: 'test'; name: string }
  | { kind: 'other'; id: string };

export function posixAccountId(user: string, uid: number): string {
  return `posix:${user}:${uid}`;
}

export function windowsAccountId(computer: string, user: string): string {
  return `windows:${computer.toUpperCase()}\\${user}`;
}

export function unverifiedAccountId(name: string): string {
  return `unverified:${name}`;
}

/** What an account id names. The uid is the last field (a POSIX user name has no colon, but an id must still read whole). */
export function accountOrigin(accountId: string): AccountOrigin {
  const colon = accountId.indexOf(':');
  const kind = colon < 0 ? '' : accountId.slice(0, colon);
  const rest = accountId.slice(colon + 1);
  if (kind === 'posix') {
    const last = rest.lastIndexOf(':');
    const user = rest.slice(0, Math.max(last, 0));
    const uid = rest.slice(last + 1);
    if (last > 0 && /^\d+$/.test(uid)) return { kind: 'posix', user, uid };
  }
  if (kind === 'windows') {
    const slash = rest.indexOf('\\');
    if (slash > 0 && slash < rest.length - 1) return { kind: 'windows', computer: rest.slice(0, slash), user: rest.slice(slash + 1) };
  }
  if ((kind === 'unverified' || kind === 'test') && rest.trim() !== '') return { kind, name: rest };
  return { kind: 'other', id: accountId };
}
