/**
 * Two command lines syncing one portal credential at once, against the sandbox at the documented
 * 10 requests per minute (real time, no fast window): each alone would send ten at once and draw
 * 429s from the other's share. Sharing the sliding window through the cache, together they send
 * ten, wait out the minute, and send the rest: not one 429.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { cacheWithConnections, portalEnv, spawnCli, tempDir } from './support.ts';

const MINUTE = 60_000;

describe('two processes, one credential, one rate limit', () => {
  let sandbox: Sandbox;
  const temp = tempDir('shared-limit');

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, rateLimit: { max: 10, windowMs: MINUTE } });
  });
  afterAll(async () => {
    await sandbox.close();
    temp.cleanup();
  });

  it('two concurrent CLI syncs at 10 requests a minute draw zero 429s', async () => {
    const dbPath = join(temp.dir, 'cache.sqlite');
    cacheWithConnections(dbPath, sandbox);
    // The product's own pacing: no CONCILIA_RATE_LIMIT override.
    const env = { ...portalEnv(sandbox), CONCILIA_RATE_LIMIT: '' };
    const first = spawnCli(['--db', dbPath, 'sync', 'acme', '--from', '2025-01-06', '--to', '2025-02-23', '--period', 'week'], env);
    const second = spawnCli(['--db', dbPath, 'sync', 'acme', '--from', '2025-03-03', '--to', '2025-04-20', '--period', 'week'], env);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    expect(sandbox.stats.served429).toBe(0);
    const sent = sandbox.stats.portalLog.map((entry) => entry.atMs).sort((x, y) => x - y);
    expect(sent).toHaveLength(14);
    // Never more than ten in any minute, as the portal counts them…
    for (let i = 10; i < sent.length; i++) expect((sent[i] ?? 0) - (sent[i - 10] ?? 0)).toBeGreaterThanOrEqual(MINUTE);
    // …which only holds because each process waited for the other's requests too.
    expect((sent.at(-1) ?? 0) - (sent[0] ?? 0)).toBeGreaterThanOrEqual(MINUTE);
  }, 180_000);
});
