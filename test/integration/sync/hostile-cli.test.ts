/**
 * `concilia sync` as a black box against the hostile upstream: the exit code says partial, the
 * summary never says "ok" then, upstream text cannot drive the terminal, --json stays exact, and
 * Ctrl-C ends a sync stuck on a stalled body at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { hugeBody, on, stallAfterHeaders, startHostileUpstream, type HostileUpstream, type PaygRecordJson } from '../../support/hostile-upstream.ts';
import { CLI, ROOT } from '../faults/support.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('concilia sync against a hostile upstream', () => {
  let upstream: HostileUpstream;
  let dir: string;
  let db: string;

  function start(args: string[], env: NodeJS.ProcessEnv = {}): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
    const clean: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CONCILIA_')) clean[k] = v;
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--db', db, ...args], {
      cwd: ROOT,
      env: { ...clean, CONCILIA_API_KEY: upstream.paygKey, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return { child, done };
  }

  beforeAll(async () => {
    upstream = await startHostileUpstream();
    dir = mkdtempSync(join(os.tmpdir(), 'concilia-hostile-cli-'));
    db = join(dir, 'cache.sqlite');
    const cache = openCache(db);
    addConnection(cache, { name: 'lms', kind: 'payg', baseUrl: upstream.url }, Date.now);
    cache.close();
  });
  afterAll(async () => {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 3 (partial) when a window is incomplete; its summary holds no "ok"; upstream text is neutralised, --json exact', async () => {
    const ids = [...upstream.records.keys()].sort((a, b) => a - b);
    // An unknown status that tries to clear the screen and reorder the line (the first reason given).
    (upstream.records.get(ids[1] ?? 0) as PaygRecordJson).status = { code: 99, label: '\u001b[2J\u001b[31mPAID\u202e' };
    (upstream.records.get(ids[2] ?? 0) as PaygRecordJson).totalAmountIncMaintenanceFee = '414799.815';
    const args = ['sync', 'lms', '--from', '2025-03-01', '--to', '2025-03-31'];
    const text = await start(args).done;
    expect(text.code, text.stderr).toBe(3);
    const summary = text.stdout.trim().split('\n').at(-1) ?? '';
    expect(summary).toMatch(/^lms: PARTIAL, not complete — windows: 0 complete, 1 incomplete/);
    expect(summary).not.toMatch(/\bok\b/i);
    expect(text.stderr).toMatch(/Not everything could be synced/);
    expect(text.stderr).toMatch(/2 record\(s\) could not be read and were set aside: Billing period \d+ has an unknown status/);
    for (const out of [text.stdout, text.stderr]) {
      expect(out).not.toContain('\u001b');
      expect(out).not.toContain('\u202e');
    }
    expect(text.stderr).toContain('\\u001b[2J');

    const status = await start(['status', 'lms', '--windows']).done;
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/incomplete .*unknown status "\\u001b\[2J\\u001b\[31mPAID\\u202e"/);
    expect(status.stdout).not.toContain('\u001b');

    const json = await start([...args, '--json']).done;
    expect(json.code).toBe(3);
    const result = JSON.parse(json.stdout) as { outcome: string; errors: string[] };
    expect(result.outcome).toBe('partial');
    // Exact: the upstream's characters, escaped only by JSON itself.
    expect(result.errors.join('\n')).toContain('\u001b[2J\u001b[31mPAID\u202e');
  });

  it('Ctrl-C ends a sync waiting on a stalled body within a second', async () => {
    upstream.behave(on('payg-list', () => stallAfterHeaders()));
    try {
      const arrived = upstream.nextRequest('payg-list');
      const run = start(['sync', 'lms', '--from', '2025-04-01', '--to', '2025-04-30']);
      await arrived;
      await new Promise((resolve) => setTimeout(resolve, 150));
      const sentAt = performance.now();
      run.child.kill('SIGINT');
      const exit = await run.done;
      expect(performance.now() - sentAt).toBeLessThan(1000);
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(/Cancelled: windows already stored are complete/);
    } finally {
      upstream.behave();
    }
  });

  it('CONCILIA_MAX_RESPONSE_MB sets the reply cap, and a larger reply fails with its own message', async () => {
    upstream.behave(on('payg-list', () => hugeBody(8)));
    try {
      const run = await start(['sync', 'lms', '--from', '2025-05-01', '--to', '2025-05-31'], { CONCILIA_MAX_RESPONSE_MB: '2' }).done;
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/sent a reply larger than 2 MB; Concilia stopped reading it/);
      expect((await start(['sync', 'lms', '--from', '2025-05-01', '--to', '2025-05-31'], { CONCILIA_MAX_RESPONSE_MB: 'lots' }).done).code).toBe(2);
    } finally {
      upstream.behave();
    }
  });
});
