// Credentials go only to the origin they were entered for. An "attacker" server on loopback
// records every request it receives; each case moves a connection's address there (through the
// window, or by editing the cache behind Concilia's back) and proves no credential arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { testIdentity } from '../../support/identity.ts';
import { withStore } from '../../support/review-store.ts';
import { openCache } from '../../../electron/core/cache/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { listAuditLog } from '../../../electron/core/review/audit.ts';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { CredentialOriginError, MemorySecretStore } from '../../../electron/core/secrets.ts';
import { syncConnection, testConnection } from '../../../electron/core/sync/index.ts';
import { createPaygClient } from '../../../electron/core/upstream/payg/client.ts';
import { createPortalClient } from '../../../electron/core/upstream/portal/client.ts';
import { startMainStandIn, type MainStandIn } from '../ipc/support.ts';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

let sandbox: Sandbox;
let attacker: Server;
let attackerUrl: string;
const seen: Seen[] = [];
/** Stderr lines of the CLI and requests reaching the attacker, in the order they happened. */
const timeline: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: { max: 1000, windowMs: 1000 } });
  attacker = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    timeline.push(`attacker received ${req.url ?? ''}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"count":0,"next":null,"previous":null,"results":[]}');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  timeline.length = 0;
});

function credentialsSeenByAttacker(): string[] {
  return seen.flatMap((s) => [s.headers.authorization, s.headers['x-api-key']].filter((v): v is string => v !== undefined));
}

describe('the app (handlers over IPC)', () => {
  let main: MainStandIn;
  const call = async (channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> =>
    (await main.ipc.invoke(channel, [input]));

  beforeEach(async () => {
    main = startMainStandIn();
    const portal = sandbox.credentials.portal.find((c) => c.hasReportPermission);
    expect((await call('connections:add', { kind: 'payg', name: 'loans', baseUrl: sandbox.url })).ok).toBe(true);
    expect((await call('connections:add', { kind: 'portal', name: 'acme', baseUrl: sandbox.url, tenant: portal?.tenant, currency: portal?.currency })).ok).toBe(true);
    expect((await call('connections:setCredentials', { name: 'loans', apiKey: sandbox.credentials.payg.apiKey })).ok).toBe(true);
    expect((await call('connections:setCredentials', { name: 'acme', token: portal?.token, apiKey: portal?.apiKey })).ok).toBe(true);
    // The starting point works: the credentials reach the server they were entered for.
    expect(await call('connections:test', { name: 'loans' })).toMatchObject({ ok: true, value: { ok: true } });
  });
  afterEach(async () => {
    await main.close();
  });

  it('connections:update to a foreign origin clears the credentials; connections:test then sends nothing there', async () => {
    for (const name of ['loans', 'acme']) {
      const updated = await call('connections:update', { name, patch: { baseUrl: `${attackerUrl}/api` } });
      expect(updated).toMatchObject({ ok: true, value: { baseUrl: `${attackerUrl}/api`, credentials: { hasApiKey: false, hasToken: false } } });
      const test = await call('connections:test', { name });
      expect(test.ok && (test.value as { ok: boolean }).ok).toBe(false);
      expect(await call('connections:credentialStatus', { name })).toMatchObject({ ok: true, value: { hasApiKey: false, hasToken: false } });
    }
    expect(credentialsSeenByAttacker()).toEqual([]);
    expect(seen).toEqual([]);
    // The change is in the audit log.
    expect(listAuditLog(main.db).filter((e) => e.action === 'connection.set_url').map((e) => e.subject)).toEqual(['loans', 'acme']);
  });

  it('a change of path on the same origin keeps the credentials', async () => {
    expect(await call('connections:update', { name: 'loans', patch: { baseUrl: `${sandbox.url}/` } })).toMatchObject({ ok: true, value: { credentials: { hasApiKey: true } } });
    expect(await call('connections:test', { name: 'loans' })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('an address edited in the cache behind the app asks for credentials again and sends nothing (test and sync)', async () => {
    main.db.prepare('UPDATE connection SET base_url = ?, credential_origin = ? WHERE name IN (?, ?)').run(attackerUrl, attackerUrl, 'loans', 'acme');
    for (const name of ['loans', 'acme']) {
      // The origin inside the stored credential no longer matches: shown as not set.
      expect(await call('connections:credentialStatus', { name })).toMatchObject({ ok: true, value: { hasApiKey: false, hasToken: false } });
      const test = await call('connections:test', { name });
      expect(test.ok && (test.value as { ok: boolean; message: string }).message).toMatch(/entered for http:\/\/127\.0\.0\.1:\d+.*nothing was sent/);
    }
    // A sync is refused before it starts, asking for the credentials again.
    const started = await call('sync:start', { connection: 'loans', from: '2025-01-01', to: '2025-01-31', period: 'month' });
    expect(started).toMatchObject({ ok: false, error: { kind: 'missing_credentials' } });
    expect(seen).toEqual([]);
  });
});

describe('the connectors', () => {
  it('refuse, before sending, a request whose URL is not on the credentials’ origin', async () => {
    const deps = { fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: systemClock, sleep: realSleep };
    const payg = createPaygClient({ ...deps, baseUrl: attackerUrl, apiKey: 'secret-payg-key', credentialOrigin: sandbox.url, rateLimit: { max: 100, windowMs: 1000 } });
    await expect(payg.listPage({ page: 1 })).rejects.toBeInstanceOf(CredentialOriginError);
    await expect(payg.getRecord(1)).rejects.toBeInstanceOf(CredentialOriginError);
    const portal = createPortalClient({
      ...deps,
      baseUrl: attackerUrl,
      tenant: 't',
      currency: 'COP',
      token: 'secret-token',
      apiKey: 'secret-portal-key',
      credentialOrigin: sandbox.url,
      rateLimit: { max: 100, windowMs: 1000 },
    });
    await expect(portal.fetchReport({ startDate: '2025-01-01', endDate: '2025-01-31' })).rejects.toThrow(/entered for http:\/\/127\.0\.0\.1:\d+, not http:\/\/127\.0\.0\.1:\d+: nothing was sent/);
    // Same host and scheme, another port: another origin.
    const otherPort = createPaygClient({ ...deps, baseUrl: sandbox.url.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`), apiKey: 'k', credentialOrigin: sandbox.url });
    await expect(otherPort.listPage({ page: 1 })).rejects.toBeInstanceOf(CredentialOriginError);
    expect(seen).toEqual([]);
  });
});

describe('the sync engine', () => {
  it('builds no client when the stored credential belongs to another origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concilia-origin-core-'));
    const db = openCache(join(dir, 'cache.sqlite'));
    try {
      addConnection(db, { name: 'loans', kind: 'payg', baseUrl: sandbox.url }, systemClock);
      const secrets = new MemorySecretStore();
      await secrets.set('loans', 'apiKey', sandbox.credentials.payg.apiKey, sandbox.url);
      db.prepare('UPDATE connection SET base_url = ?, credential_origin = ? WHERE name = ?').run(attackerUrl, attackerUrl, 'loans');
      const deps = { db, reviews: withStore(db).reviews, fetch: (input: string | URL, init?: RequestInit) => fetch(input, init), clock: systemClock, sleep: realSleep, secrets };
      await expect(syncConnection(deps, { connection: 'loans', from: '2025-01-01', to: '2025-01-31', period: 'month' })).rejects.toBeInstanceOf(CredentialOriginError);
      expect(await testConnection(deps, 'loans')).toMatchObject({ ok: false, message: expect.stringMatching(/nothing was sent there/) as unknown });
      expect(seen).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the command line', () => {
  let dbPath: string;
  let dir: string;

  async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: {
        write: (t: string) => {
          stderr += t;
          timeline.push(`stderr ${t.trim()}`);
        },
      },
    };
    const code = await runCli(['--db', dbPath, ...args], { io, env, identity: () => testIdentity('ana') });
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'concilia-origin-'));
    dbPath = join(dir, 'cli.sqlite');
    expect((await cli(['source', 'add', 'loans', '--kind', 'payg', '--base-url', sandbox.url], {})).code).toBe(0);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ CONCILIA_API_KEY: sandbox.credentials.payg.apiKey, CONCILIA_AUTHOR: 'Ana' });

  it('prints the destination before sending', async () => {
    const run = await cli(['source', 'test', 'loans'], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`loans: sending CONCILIA_API_KEY to ${sandbox.url}\n`);
  });

  it('refuses a cache whose base URL was changed by SQL, sending nothing to the foreign origin', async () => {
    const raw = new BetterSqlite3(dbPath);
    raw.prepare('UPDATE connection SET base_url = ? WHERE name = ?').run(`${attackerUrl}/api`, 'loans');
    raw.close();
    for (const args of [
      ['sync', 'loans', '--from', '2025-01-01', '--to', '2025-01-31'],
      ['sync', 'loans', '--id', '7'],
      ['source', 'test', 'loans'],
    ]) {
      const run = await cli(args, env());
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`now points at ${attackerUrl.replace(/[.]/g, '\\.')}, but it was set up for ${sandbox.url.replace(/[.]/g, '\\.')}.*Nothing was sent`));
      expect(run.stderr).not.toContain(sandbox.credentials.payg.apiKey);
    }
    expect(seen).toEqual([]);
  });

  it('sends to a new address only after an audited source set-url, and says where before sending', async () => {
    const moved = await cli(['source', 'set-url', 'loans', `${attackerUrl}/api`], env());
    expect(moved.code).toBe(0);
    // CONCILIA_AUTHOR is in the environment, and changes nothing: the account running concilia signs.
    expect(moved.stdout).toMatch(/now points at .*recorded in the audit log, signed by ana\./);
    expect(moved.stdout).toContain(`Its credentials now go to ${attackerUrl} instead of ${sandbox.url}`);
    const db = openCache(dbPath);
    try {
      expect(listAuditLog(db, { connection: 'loans' }).map((e) => [e.action, e.actor, (e.payload as { toOrigin: string }).toOrigin])).toEqual([
        ['connection.set_url', 'test:ana', attackerUrl],
      ]);
    } finally {
      db.close();
    }
    const run = await cli(['source', 'test', 'loans'], env());
    expect(run.code).toBe(0);
    // The destination was printed before the first request arrived there.
    const printed = timeline.indexOf(`stderr loans: sending CONCILIA_API_KEY to ${attackerUrl}`);
    const received = timeline.findIndex((line) => line.startsWith('attacker received'));
    expect(printed).toBeGreaterThanOrEqual(0);
    expect(received).toBeGreaterThan(printed);
  });
});
