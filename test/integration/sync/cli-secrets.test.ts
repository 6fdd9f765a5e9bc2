import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { testIdentity } from '../../support/identity.ts';
import { getPaygRecord, startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { FAST_LIMIT } from './helpers.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the command line: sources, sync, status, and secrets kept out of everything', () => {
  let sandbox: Sandbox;
  let dir: string;
  let db: string;
  const outputs: string[] = [];
  let env: NodeJS.ProcessEnv;

  async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const code = await runCli(['--db', db, ...args], { io, env: { ...extraEnv }, identity: () => testIdentity('ana') });
    outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: FAST_LIMIT, datasetOptions: { payg: { badRecords: true } } });
    dir = mkdtempSync(join(os.tmpdir(), 'concilia-cli-'));
    db = join(dir, 'cache.sqlite');
    const portal = sandbox.credentials.portal[0];
    env = { CONCILIA_TOKEN: portal?.token, CONCILIA_API_KEY: portal?.apiKey, CONCILIA_RATE_LIMIT: `${FAST_LIMIT.max}/${FAST_LIMIT.windowMs}` };
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists and refuses bad sources with the right exit codes', async () => {
    const portal = sandbox.credentials.portal[0];
    expect((await cli(['source', 'add', 'acme', '--kind', 'portal', '--base-url', sandbox.url, '--tenant', portal?.tenant ?? '', '--currency', portal?.currency ?? ''])).code).toBe(0);
    expect((await cli(['source', 'add', 'collections', '--kind', 'payg', '--base-url', `${sandbox.url}/`])).code).toBe(0);
    const insecure = await cli(['source', 'add', 'bad', '--kind', 'payg', '--base-url', 'http://billing.example.com']);
    expect(insecure.code).toBe(1);
    expect(insecure.stderr.trim().split('\n')).toHaveLength(1);
    expect(insecure.stderr).toMatch(/must use https/);
    expect((await cli(['source', 'add', 'x', '--kind', 'portal', '--base-url', sandbox.url])).code).toBe(2);
    expect((await cli(['source', 'add', 'x', '--kind', 'ledger', '--base-url', sandbox.url])).code).toBe(2);
    const list = await cli(['source', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((c) => c.name)).toEqual(['acme', 'collections']);
  });

  it('names the variable to set when credentials are missing (exit 1)', async () => {
    const portal = await cli(['sync', 'acme', '--from', '2025-01-01', '--to', '2025-01-31'], { CONCILIA_API_KEY: 'x' });
    expect(portal.code).toBe(1);
    expect(portal.stderr).toMatch(/Set CONCILIA_TOKEN in the environment/);
    const payg = await cli(['sync', 'collections', '--from', '2025-01-01', '--to', '2025-01-31']);
    expect(payg.code).toBe(1);
    expect(payg.stderr).toMatch(/Set CONCILIA_API_KEY in the environment/);
  });

  it('rejects bad usage with exit 2 and one line', async () => {
    for (const args of [
      ['sync', 'acme', '--from', '2025-13-01', '--to', '2025-12-31'],
      ['sync', 'acme', '--from', '2025-02-01', '--to', '2025-01-01'],
      ['sync', 'acme', '--from', '2025-01-01', '--to', '2025-01-31', '--period', 'fortnight'],
      ['sync', '--from', '2025-01-01', '--to', '2025-01-31'],
      ['status', 'a', 'b'],
    ]) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('syncs both kinds, reports status, and an expired token fails clearly', async () => {
    const portal = await cli(['sync', 'acme', '--from', '2025-01-01', '--to', '2025-04-30'], env);
    expect(portal.code).toBe(0);
    expect(portal.stdout).toMatch(/acme: ok — windows: 4 complete/);
    const payg = await cli(['sync', 'collections', '--from', '2025-09-01', '--to', '2025-11-30', '--json'], { CONCILIA_API_KEY: sandbox.credentials.payg.apiKey });
    const result = JSON.parse(payg.stdout) as { outcome: string; quarantined: number };
    // The sandbox plants unreadable billing periods; those in this range are set aside, which
    // makes the run partial: exit 3 (partial), and it says why.
    const planted = sandbox.dataset.payg.badRecords.filter((bad) => {
      const start = getPaygRecord(sandbox.dataset, bad.id)?.start_date ?? '';
      return start >= '2025-09-01' && start <= '2025-11-30';
    });
    expect(planted.length).toBeGreaterThan(0);
    expect([result.outcome, result.quarantined]).toEqual(['partial', planted.length]);
    expect(payg.code).toBe(3);
    expect(payg.stderr).toMatch(/set aside|could not be read/);
    const status = await cli(['status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { connection: { name: string }; covered: { from: string; to: string }[]; records: number }[];
    expect(parsed.find((s) => s.connection.name === 'acme')?.covered).toEqual([{ from: '2025-01-01', to: '2025-04-30' }]);
    expect((await cli(['status', 'acme'])).stdout).toMatch(/covered: +2025-01-01 to 2025-04-30/);
    const expired = await cli(['sync', 'acme', '--from', '2024-01-01', '--to', '2024-02-29'], { ...env, CONCILIA_TOKEN: sandbox.issuePortalToken({ tenant: sandbox.credentials.portal[0]?.tenant ?? '', expiresAtMs: Date.now() - 1000 }) });
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/expired or is invalid.*CONCILIA_TOKEN/);
    expect((await cli(['status', 'nobody'])).code).toBe(1);
  });

  it('draws a progress bar on a terminal and plain lines otherwise', async () => {
    let tty = '';
    const io = { stdout: { write: (t: string) => t.length }, stderr: { write: (t: string) => (tty += t), isTTY: true } };
    const code = await runCli(['--db', db, 'sync', 'acme', '--from', '2025-05-01', '--to', '2025-05-31', '--period', 'week'], { io, env, identity: () => testIdentity('ana') });
    outputs.push(tty);
    expect(code).toBe(0);
    expect(tty).toContain('\r\u001b[2K[');
    expect(tty).toMatch(/\[#+\.*\] \d+\/5 windows/);
    const plain = await cli(['sync', 'acme', '--from', '2025-05-01', '--to', '2025-05-31', '--period', 'week', '--force'], env);
    expect(plain.stderr).not.toContain('\r');
    expect(plain.stderr).toMatch(/^5\/5 windows, \d+ rows$/m);
  });

  it('leaves no secret in the database file, its WAL, or any output', () => {
    const secrets = [
      ...sandbox.credentials.portal.flatMap((c) => [c.token, c.apiKey]),
      sandbox.credentials.payg.apiKey,
    ];
    const files = [db, `${db}-wal`, `${db}-shm`].filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    const everything = [...files.map((f) => readFileSync(f).toString('latin1')), ...outputs].join('\n');
    for (const secret of secrets) {
      expect(everything.includes(secret), 'a secret leaked').toBe(false);
      // Also the JWT's signature alone, in case only part of it were stored.
      expect(everything.includes(secret.slice(-20))).toBe(false);
    }
  });
});
