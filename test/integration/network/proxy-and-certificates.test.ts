/**
 * `concilia sync` from behind a company network, end to end: the sandbox served over TLS with a
 * certificate from a test authority, reachable only through a loopback CONNECT proxy given in
 * HTTPS_PROXY (its name, portal.concilia.test, resolves only at the proxy, as outside names do
 * behind many corporate proxies). Without the authority in the system store the command names
 * the certificate problem; with it installed (Debian's store, as IT would install a gateway's
 * authority) the sync succeeds through the tunnel; a proxy that refuses is named as such.
 * The CLI runs as a black box with an environment that trusts nothing extra (no
 * NODE_EXTRA_CA_CERTS, no SSL_CERT_FILE): only the operating system's store can make it work.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy.ts';
import { assertSystemStoreWritable, makeTestCertificates, trustInSystemStore, type TestCertificates } from '../../support/test-ca.ts';
import { startTlsFront, type TlsFront } from '../../support/tls-front.ts';

const CLI = fileURLToPath(new URL('../../../bin/concilia.js', import.meta.url));
const HOST = 'portal.concilia.test';
const UNTRUSTED = 'the certificate was issued by an authority this computer does not trust';
const FROM = '2025-03-01';
const TO = '2025-03-31';

let certificates: TestCertificates;
let sandbox: Sandbox;
let front: TlsFront;
let proxy: ConnectProxy;
let dir: string;
let secrets: NodeJS.ProcessEnv;
const closers: Array<() => Promise<void>> = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with a clean network environment: nothing trusted or proxied unless given here. */
function concilia(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const base: NodeJS.ProcessEnv = {};
  const inherited = /^(CONCILIA_|NODE_EXTRA_CA_CERTS$|NODE_USE_ENV_PROXY$|NODE_OPTIONS$|SSL_CERT_|(HTTPS?|NO|ALL)_PROXY$)/i;
  for (const [name, value] of Object.entries(process.env)) if (!inherited.test(name)) base[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, CONCILIA_DB: join(dir, 'cache.sqlite'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  // Fails (never skips) where the store cannot be written, saying what is needed.
  assertSystemStoreWritable();
  certificates = makeTestCertificates([HOST]);
  sandbox = await startSandbox();
  front = await startTlsFront(sandbox, certificates);
  proxy = await startConnectProxy({ routes: { [`${HOST}:443`]: front.port } });
  closers.push(() => proxy.close(), () => front.close(), () => sandbox.close());
  dir = mkdtempSync(join(tmpdir(), 'concilia-corporate-'));
  const credential = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!credential) throw new Error('The sandbox offers no portal credential with the report permission.');
  secrets = { CONCILIA_TOKEN: credential.token, CONCILIA_API_KEY: credential.apiKey };
  const added = await concilia(['source', 'add', 'acme', '--kind', 'portal', '--base-url', `https://${HOST}`, '--tenant', credential.tenant, '--currency', credential.currency], {});
  expect(added.code, added.stderr).toBe(0);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  certificates?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('behind a proxy and a TLS-inspecting authority', () => {
  it('without the proxy the upstream cannot even be found (the tunnel is the only way there)', async () => {
    const run = await concilia(['source', 'test', 'acme'], secrets);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Could not reach the portal at portal\.concilia\.test \(the host name (is unknown|could not be looked up)\)/);
  });

  it('without the authority installed, `source test` and `sync` name the certificate problem', async () => {
    const tunnelsBefore = proxy.log.length;
    const tested = await concilia(['source', 'test', 'acme'], { ...secrets, HTTPS_PROXY: proxy.url });
    expect(tested.code).toBe(1);
    expect(tested.stderr).toContain(`Could not reach the portal at ${HOST}: ${UNTRUSTED}.`);
    expect(tested.stderr).toContain('ask your IT administrator to add its certificate authority');
    const synced = await concilia(['sync', 'acme', '--from', FROM, '--to', TO], { ...secrets, HTTPS_PROXY: proxy.url });
    expect(synced.code).toBe(1);
    expect(synced.stderr).toContain(UNTRUSTED);
    // Tunnelled, and refused at the handshake: not retried, nothing reached the server.
    expect(proxy.log.slice(tunnelsBefore)).toEqual([
      { target: `${HOST}:443`, answer: 200 },
      { target: `${HOST}:443`, answer: 200 },
    ]);
    expect(front.requests).toBe(0);
  });

  it('with the authority in the system store, `sync` succeeds through the tunnel', async () => {
    const untrust = trustInSystemStore(certificates);
    try {
      const tunnelsBefore = proxy.log.length;
      const tested = await concilia(['source', 'test', 'acme'], { ...secrets, HTTPS_PROXY: proxy.url });
      // Only the line that says where the credentials go.
      expect(tested.stderr).toBe(`acme: sending CONCILIA_TOKEN and CONCILIA_API_KEY to https://${HOST}\n`);
      expect(tested.code).toBe(0);
      expect(tested.stdout).toMatch(/^Connected to the portal/);
      const synced = await concilia(['sync', 'acme', '--from', FROM, '--to', TO], { ...secrets, HTTPS_PROXY: proxy.url });
      // Progress only: no error, and not Node's warning about its proxy agent.
      expect(synced.stderr).not.toMatch(/could not|refused|warning/i);
      expect(synced.code).toBe(0);
      expect(synced.stdout).toMatch(/^acme: ok — windows: 1 complete, 0 incomplete, 0 failed/);
      expect(proxy.log.length).toBeGreaterThan(tunnelsBefore);
      expect(proxy.log.slice(tunnelsBefore).every((entry) => entry.target === `${HOST}:443` && entry.answer === 200)).toBe(true);
      expect(front.requests).toBeGreaterThanOrEqual(2);
    } finally {
      untrust();
    }
    // Taken out again: the computer no longer trusts it.
    const after = await concilia(['source', 'test', 'acme'], { ...secrets, HTTPS_PROXY: proxy.url });
    expect(after.stderr).toContain(UNTRUSTED);
    // What was fetched through the tunnel is in the cache, offline from now on.
    const status = await concilia(['status', 'acme'], {});
    expect(status.stdout).toContain(`covered:      ${FROM} to ${TO}`);
  });

  it.each([
    [407, "your company's proxy refused the connection because it asks for a proxy sign-in (407) that Concilia does not have"],
    [403, "your company's proxy refused the connection: it does not allow this address (403)"],
  ])('a proxy answering %i is named as the company proxy refusing', async (status, words) => {
    const refusing = await startConnectProxy({ refuseWith: status });
    closers.push(() => refusing.close());
    const run = await concilia(['source', 'test', 'acme'], { ...secrets, HTTPS_PROXY: refusing.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach the portal at ${HOST}: ${words}. Ask your IT administrator to allow ${HOST} through the proxy.`);
    expect(refusing.log).toEqual([{ target: `${HOST}:443`, answer: status }]);
  });
});
