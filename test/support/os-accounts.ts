/**
 * Two real accounts of this computer for the tests of who did what: `concilia-preparer` and
 * `concilia-reviewer`, members of the group `concilia-team`, created with useradd when missing
 * (idempotent, so a second run or a CI machine that already has them is fine). Concilia is then
 * run as each one, a child process with that account's uid, the team's gid and its own HOME, so
 * the identity, the signing key and the file permissions are the operating system's own.
 *
 * The two share one cache the way a team deliberately would: a folder owned by the team's group
 * with the setgid bit (2770), so every file made in it belongs to the group; Concilia keeps such a
 * cache readable and writable by the group and never by others (core/cache/database.ts). Each
 * account's signing key stays in its own home, 0600.
 *
 * Creating accounts needs root: the tests run as root, as CI does. Anyone else gets an error that
 * says so, not a skip.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const TEAM_GROUP = 'concilia-team';

export interface TestAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface TestAccounts {
  preparer: TestAccount;
  reviewer: TestAccount;
  /** The gid of concilia-team. */
  teamGid: number;
}

function getent(database: 'passwd' | 'group', key: string): string[] | null {
  try {
    return execFileSync('getent', [database, key], { encoding: 'utf8' }).trim().split(':');
  } catch {
    return null;
  }
}

function requireRoot(): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(
      'These tests run Concilia as two real accounts of this computer (concilia-preparer and concilia-reviewer), which only root can create and switch to. ' +
        'Run the test suite as root, as CI does (for example in the project container: sudo npm test).',
    );
  }
}

function ensureAccount(name: string): TestAccount {
  if (getent('passwd', name) === null) {
    execFileSync('useradd', ['--create-home', '--shell', '/usr/sbin/nologin', '--comment', `Concilia test account (${name})`, '--groups', TEAM_GROUP, name], { stdio: 'pipe' });
  } else {
    execFileSync('usermod', ['--append', '--groups', TEAM_GROUP, name], { stdio: 'pipe' });
  }
  const entry = getent('passwd', name);
  if (entry === null) throw new Error(`useradd did not create ${name}.`);
  const home = entry[5] ?? '';
  // A home folder of its own (useradd --create-home does it; a re-used account may have lost it).
  mkdirSync(home, { recursive: true, mode: 0o700 });
  chownSync(home, Number(entry[2]), Number(entry[3]));
  return { name, uid: Number(entry[2]), gid: Number(entry[3]), home };
}

/** The two accounts, made when missing. */
export function ensureTestAccounts(): TestAccounts {
  requireRoot();
  if (getent('group', TEAM_GROUP) === null) execFileSync('groupadd', [TEAM_GROUP], { stdio: 'pipe' });
  const teamGid = Number(getent('group', TEAM_GROUP)?.[2]);
  return { preparer: ensureAccount('concilia-preparer'), reviewer: ensureAccount('concilia-reviewer'), teamGid };
}

/**
 * A folder the team shares: group concilia-team, setgid, 2770 (nothing for others). `parent`
 * must be a folder the accounts may pass through.
 */
export function sharedFolder(parent: string, accounts: TestAccounts, name = 'team'): string {
  chmodSync(parent, 0o755);
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  chownSync(dir, accounts.preparer.uid, accounts.teamGid);
  chmodSync(dir, 0o2770);
  return dir;
}

export interface RunAs {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `command` as the account: its uid, the team's gid, its HOME, and an environment that holds
 * nothing of the test runner's (no CONCILIA_*, no USER pointing elsewhere). `env` adds to it.
 */
export function spawnAs(account: TestAccount, accounts: TestAccounts, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const child = spawn(command, args, {
    uid: account.uid,
    gid: accounts.teamGid,
    cwd: cwd ?? account.home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: account.home, LANG: 'C.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<RunAs>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export function runAs(account: TestAccount, accounts: TestAccounts, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunAs> {
  return spawnAs(account, accounts, command, args, env).done;
}
