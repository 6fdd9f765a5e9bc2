import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, harnessTransport, type ConciliaApi, type EventPayload } from '../../../electron/contract/index.ts';
import { startHarness, type Harness } from '../../../electron/harness/index.ts';

let harness: Harness;
let api: ConciliaApi;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'concilia-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Concilia</title>');
  harness = await startHarness({ rendererDir });
  api = createClient(harnessTransport({ baseUrl: harness.origin, token: harness.token }));
});

afterAll(async () => {
  await harness.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** Collects sync events from the SSE stream until the job ends. */
async function syncAndWait(connection: string, from: string, to: string, period: 'month' | 'week'): Promise<EventPayload<'sync:onDidProgress'>[]> {
  const controller = new AbortController();
  const response = await fetch(`${harness.origin}/events?token=${encodeURIComponent(harness.token)}`, { signal: controller.signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no event stream');
  const started = await api['sync:start']({ connection, from, to, period });
  if (!started.ok) throw new Error(started.error.message);
  const seen: EventPayload<'sync:onDidProgress'>[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
    const frames = buffer.split('\n\n');
    buffer = frames.pop() ?? '';
    for (const frame of frames) {
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!frame.startsWith('event: sync:onDidProgress') || !data) continue;
      const payload = JSON.parse(data) as EventPayload<'sync:onDidProgress'>;
      if (payload.jobId === started.value.jobId) seen.push(payload);
    }
    if (seen.some((e) => e.state !== 'running')) break;
  }
  controller.abort();
  return seen;
}

describe('the demo workspace through the harness', () => {
  it('opens the demo: a sandbox on loopback and one connection of each kind, with credentials stored', async () => {
    const opened = await api['demo:open']();
    if (!opened.ok) throw new Error(opened.error.message);
    expect(new URL(opened.value.sandboxUrl).hostname).toBe('127.0.0.1');
    expect(opened.value.connections.map((c) => c.kind).sort()).toEqual(['payg', 'portal']);
    for (const c of opened.value.connections) expect(c.credentials.hasApiKey).toBe(true);
    expect(opened.value.suggestedRange.from <= opened.value.suggestedRange.to).toBe(true);
    // Opening again reuses the running sandbox.
    const again = await api['demo:open']();
    expect(again.ok && again.value.sandboxUrl).toBe(opened.value.sandboxUrl);
    expect(await harness.handlers.demoSandbox()).not.toBeNull();
  });

  it('syncs with progress events, reconciles from the cache, and exports a workbook', async () => {
    const list = await api['connections:list']();
    if (!list.ok) throw new Error(list.error.message);
    const portal = list.value.find((c) => c.kind === 'portal');
    if (!portal) throw new Error('no demo portal connection');
    const events = await syncAndWait(portal.name, '2025-01-01', '2025-03-31', 'month');
    const last = events.at(-1);
    expect(last?.state, JSON.stringify(last)).toBe('done');
    expect(last?.progress.windowsDone).toBe(last?.progress.windowsTotal);
    expect(last?.result?.windows.ok).toBe(3);

    const coverage = await api['sync:coverage']({ connection: portal.name });
    expect(coverage.ok && coverage.value.filter((w) => w.status === 'ok').length).toBe(3);
    const status = await api['sync:status']({ connection: portal.name });
    expect(status.ok && status.value[0]?.activeJobId).toBeNull();

    const rec = await api['reconcile:run']({ connection: portal.name, from: '2025-01-01', to: '2025-03-31', period: 'month' });
    if (!rec.ok) throw new Error(rec.error.message);
    expect(rec.value.kind).toBe('portal');
    if (rec.value.kind !== 'portal') return;
    expect(rec.value.view.rowCount).toBeGreaterThan(0);
    expect(rec.value.periods).toHaveLength(3);
    const page = await api['reconcile:rows']({ viewId: rec.value.view.id, offset: 0, limit: 1000 });
    if (!page.ok) throw new Error(page.error.message);
    if (page.value.list !== 'rows') throw new Error('expected portal rows');
    expect(page.value.total).toBe(rec.value.view.rowCount);
    expect(page.value.rows.length).toBe(Math.min(1000, rec.value.view.rowCount));
    expect(page.value.rows.every((r) => /^-?\d+(\.\d+)?$/.test(r.difference))).toBe(true);

    const exported = await api['export:run']({ connection: portal.name, from: '2025-01-01', to: '2025-03-31', period: 'month', format: 'xlsx' });
    if (!exported.ok) throw new Error(exported.error.message);
    if (exported.value.status !== 'written') throw new Error('the harness never cancels the save');
    expect(exported.value.path.startsWith(harness.exportDir)).toBe(true);
    expect(existsSync(exported.value.path)).toBe(true);
    expect(await api['export:showInFolder']({ path: exported.value.path })).toEqual({ ok: true, value: { shown: true } });
    expect(harness.platform.shown).toEqual([exported.value.path]);
    // Only files this session exported can be revealed.
    const other = await api['export:showInFolder']({ path: '/etc/passwd' });
    expect(other).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('says plainly when the upstream rejects the token, and keeps reconciling from the cache while it is down', async () => {
    const sandbox = await harness.handlers.demoSandbox();
    if (!sandbox) throw new Error('demo sandbox not running');
    sandbox.setFaults({ expiredToken: true });
    const tested = await api['connections:test']({ name: 'demo-portal' });
    expect(tested.ok).toBe(true);
    if (tested.ok) {
      expect(tested.value.ok).toBe(false);
      expect(tested.value.message).toMatch(/token|expired|credential/i);
    }
    sandbox.setFaults({ expiredToken: false });
    const rec = await api['reconcile:run']({ connection: 'demo-portal', from: '2025-01-01', to: '2025-03-31' });
    expect(rec.ok).toBe(true);
  });
});
