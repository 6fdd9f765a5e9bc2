/**
 * The command line in team mode, as a black box: a controller's `team init` (schema and roles),
 * two accountants' `team join` on two caches, each laptop run as its own account of this computer
 * (test/support/os-accounts.ts: its own signing key, registered to its own database role), a
 * review queued while the server is unreachable and sent by the next command, sign-offs by two
 * roles, and `close status` on both laptops.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type CacheDatabase } from '../../electron/core/cache/index.ts';
import { teamUrl } from '../../electron/core/team/address.ts';
import { ensureTestAccounts, runAs, type TestAccount, type TestAccounts } from '../support/os-accounts.ts';
import { as, laptop, loginOf, teamDatabase, type Laptop, type TeamDatabase } from './support.ts';

const BIN = join(import.meta.dirname, '../../bin/concilia.js');
let team: TeamDatabase;
let controllerDir: string;
let a: Laptop;
let b: Laptop;
let accounts: TestAccounts;
const accountOf = new Map<Laptop, TestAccount>();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A laptop's cache given to its account: the account runs Concilia on it from now on. */
function handOver(l: Laptop, account: TestAccount): void {
  l.cache.db.close();
  for (const path of [l.cache.dir, ...readdirSync(l.cache.dir).map((f) => join(l.cache.dir, f))]) chownSync(path, account.uid, accounts.teamGid);
  accountOf.set(l, account);
}

/** Look into (or change) a laptop's cache between two commands, as a test does. */
function inCache<T>(l: Laptop, work: (db: CacheDatabase) => T): T {
  const db = openCache(l.cache.path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function concilia(on: Laptop | null, password: string, ...args: string[]): Promise<Run> {
  const account = on === null ? undefined : accountOf.get(on);
  if (on !== null && account !== undefined) {
    const run = await runAs(account, accounts, process.execPath, ['--disable-warning=ExperimentalWarning', BIN, '--db', on.cache.path, ...args], {
      CONCILIA_TEAM_PASSWORD: password,
      CONCILIA_CLI_FROM: 'sources',
    });
    return { code: run.code ?? -1, stdout: run.stdout, stderr: run.stderr };
  }
  return new Promise((resolve) => {
    // The controller's `team init` runs on no laptop: its cache is a throwaway one, never the user's own.
    const env: NodeJS.ProcessEnv = { ...process.env, CONCILIA_TEAM_PASSWORD: password, CONCILIA_CLI_FROM: 'sources', CONCILIA_DB: join(controllerDir, 'cache.sqlite') };
    delete env.PGPASSWORD;
    execFile(process.execPath, [BIN, ...(on ? ['--db', on.cache.path] : []), ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  accounts = ensureTestAccounts();
  controllerDir = mkdtempSync(join(tmpdir(), 'concilia-controller-'));
  team = await teamDatabase(undefined, { migrate: false });
});
afterAll(async () => {
  a?.close();
  b?.close();
  await team.drop();
  rmSync(controllerDir, { recursive: true, force: true });
});

describe('concilia team and close on the command line', () => {
  it('the controller inits the schema and the members; two laptops join, review, sign as two roles, and see the close', async () => {
    const ownerUrl = teamUrl(team.owner.address);
    const anaRole = `ana_${team.database.slice(-8)}`;
    const benRole = `ben_${team.database.slice(-8)}`;
    const init = await concilia(null, team.owner.password, 'team', 'init', ownerUrl, '--member', anaRole, '--member', benRole);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('The team schema of');
    expect(init.stdout).toContain(`Created the login roles ${anaRole}, ${benRole} (in concilia_member).`);
    await team.admin(`ALTER ROLE ${anaRole} PASSWORD 'ana-secret'; ALTER ROLE ${benRole} PASSWORD 'ben-secret'`);
    const ana = loginOf(team.cluster, team.database, anaRole, 'ana-secret');
    const ben = loginOf(team.cluster, team.database, benRole, 'ben-secret');
    a = laptop(ana);
    b = laptop(ben);
    handOver(a, accounts.preparer);
    handOver(b, accounts.reviewer);

    // A password in the string is refused (it would stay in the shell's history).
    const leaky = await concilia(a, 'x', 'team', 'join', `postgres://${anaRole}:pw@127.0.0.1:${team.cluster.port}/${team.database}`, '--name', 'Ana Pérez');
    expect(leaky).toMatchObject({ code: 2 });
    expect((await concilia(a, 'wrong', 'team', 'join', teamUrl(ana.address), '--name', 'Ana Pérez')).stderr).toMatch(/did not accept the role and password/);
    expect(await concilia(a, 'ana-secret', 'team', 'join', teamUrl(ana.address), '--name', 'Ana Pérez')).toMatchObject({ code: 0 });
    expect(await concilia(b, 'ben-secret', 'team', 'join', teamUrl(ben.address), '--name', 'Luis Gómez')).toMatchObject({ code: 0 });
    // The cache keeps the address, never the password.
    const stored = inCache(a, (db) => db.prepare("SELECT value FROM app_setting WHERE key = 'team.server'").pluck().get() as string);
    expect(stored).not.toContain('ana-secret');

    // The server unreachable (a port nobody listens on): the review is kept and queued.
    inCache(a, (db) => db.prepare("UPDATE app_setting SET value = replace(value, ?, ':1/') WHERE key = 'team.server'").run(`:${team.cluster.port}/`));
    const offline = await concilia(a, 'ana-secret', 'review', 'acme', '--key', 'P|2|2026-01-01', '--key', 'P|3|2026-01-01', '--state', 'explained', '--reason', 'timing', '--note', 'credit note');
    expect(offline.code).toBe(0);
    // The two reviews, and before them the registration of the account's key (its first signed entry).
    expect(offline.stderr).toMatch(/working from this computer's copy .*3 change\(s\) wait to be sent/);
    inCache(a, (db) => db.prepare("UPDATE app_setting SET value = replace(value, ':1/', ?) WHERE key = 'team.server'").run(`:${team.cluster.port}/`));
    const prepared = await concilia(a, 'ana-secret', 'signoff', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--role', 'preparer');
    expect(prepared.stderr).toBe('');
    expect(prepared.code).toBe(0);

    const reviewed = await concilia(b, 'ben-secret', 'signoff', 'acme', '--from', '2026-01-01', '--to', '2026-01-31', '--role', 'reviewer');
    expect(reviewed.stderr).toBe('');
    const server = await as<{ role: string; author: string }>(ana, 'SELECT role, author::text FROM concilia.signoff ORDER BY id');
    expect(server.rows).toEqual([
      { role: 'preparer', author: anaRole },
      { role: 'reviewer', author: benRole },
    ]);

    expect(await concilia(b, 'ben-secret', 'team', 'assign', 'acme', '--month', '2026-02', '--to', anaRole, '--due', '2026-03-05')).toMatchObject({ code: 0 });
    const close = await concilia(a, 'ana-secret', 'close', 'status', '--from', '2026-01', '--to', '2026-02', '--json');
    const view = JSON.parse(close.stdout) as { team: boolean; cells: { connection: string; month: string; state: string; assignee: string | null; dueDate: string | null }[] };
    expect(view.team).toBe(true);
    expect(view.cells.filter((c) => c.connection === 'acme').map((c) => [c.month, c.state, c.assignee, c.dueDate])).toEqual([
      ['2026-01', 'reviewed', null, null],
      ['2026-02', 'not_synced', 'Ana Pérez', '2026-03-05'],
    ]);
    const text = await concilia(a, 'ana-secret', 'close', 'status', '--from', '2026-01', '--to', '2026-02');
    expect(text.stdout).toMatch(/acme\s+reviewed\s+not synced · Ana Pérez, due 2026-03-05/);
  });
});
