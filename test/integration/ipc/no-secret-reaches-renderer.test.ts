/**
 * "The renderer cannot reach a secret through any channel of the contract": store real sandbox
 * credentials through connections:setCredentials, then call EVERY channel with valid inputs (the
 * table below must name each one, or this file does not compile) and look for the secret values
 * in every answer and every event the window would receive.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { CHANNEL_NAMES, type Channel, type ChannelInput, type Result } from '../../../electron/contract/index.ts';
import { startMainStandIn, waitForSyncEnd, type MainStandIn } from './support.ts';
import { reconcile } from '../../../electron/core/reconcile/index.ts';
import { rangeItems } from '../../../electron/core/signoff/index.ts';
import { withStore } from '../../support/review-store.ts';

let sandbox: Sandbox;
let main: MainStandIn;
let secrets: string[];
const answers = new Map<Channel, Result<unknown>[]>();

const FROM = '2026-01-01';
const TO = '2026-01-31';

async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<unknown>> {
  const answer = await main.ipc.invoke(channel, [input]);
  answers.set(channel, [...(answers.get(channel) ?? []), answer]);
  return answer;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7 });
  main = startMainStandIn();
  const portal = sandbox.credentials.portal.find((c) => c.hasReportPermission);
  if (!portal) throw new Error('the sandbox has no portal credential with the report permission');
  secrets = [portal.token, portal.apiKey, sandbox.credentials.payg.apiKey];
  const added = await call('connections:add', { kind: 'portal', name: 'acme', baseUrl: sandbox.url, tenant: portal.tenant, currency: portal.currency, toleranceAbs: '1000' });
  expect(added.ok).toBe(true);
  expect((await call('connections:add', { kind: 'payg', name: 'loans', baseUrl: sandbox.url })).ok).toBe(true);
  const stored = await call('connections:setCredentials', { name: 'acme', token: portal.token, apiKey: portal.apiKey });
  expect(stored).toEqual({ ok: true, value: { hasToken: true, hasApiKey: true, required: ['token', 'apiKey'], protection: 'os' } });
  expect((await call('connections:setCredentials', { name: 'loans', apiKey: sandbox.credentials.payg.apiKey })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await main.close();
  await sandbox.close();
});

describe('no channel hands a secret to the renderer', () => {
  it('calls every channel with valid inputs and finds no secret value in any answer or event', async () => {
    const portalSync = await call('sync:start', { connection: 'acme', from: FROM, to: TO, period: 'month' });
    expect(portalSync.ok).toBe(true);
    const portalJob = (portalSync as { value: { jobId: string } }).value.jobId;
    const portalEnd = await waitForSyncEnd(main.events, portalJob);
    expect(portalEnd).toMatchObject({ state: 'done' });
    const paygSync = await call('sync:start', { connection: 'loans', from: FROM, to: TO, period: 'week' });
    expect(paygSync.ok).toBe(true);
    await waitForSyncEnd(main.events, (paygSync as { value: { jobId: string } }).value.jobId);

    const rec = await call('reconcile:run', { connection: 'acme', from: FROM, to: TO, period: 'month' });
    expect(rec.ok, JSON.stringify(rec).slice(0, 400)).toBe(true);
    const viewId = rec.ok ? (rec.value as { view: { id: string } }).view.id : '';
    const page = await call('reconcile:rows', { viewId, offset: 0, limit: 50 });
    expect(page.ok, JSON.stringify(page).slice(0, 400)).toBe(true);
    const rows = page.ok ? (page.value as { rows: { key: string }[] }).rows : [];
    expect(rows.length).toBeGreaterThan(0);
    const firstKey = rows[0]?.key ?? 'P|x|2026-01-01';
    const exported = await call('export:run', { connection: 'acme', from: FROM, to: TO, period: 'month', format: 'xlsx' });
    expect(exported.ok, JSON.stringify(exported)).toBe(true);
    const path = exported.ok ? (exported.value as { path: string }).path : '';
    expect(existsSync(path)).toBe(true);

    // Every channel, with a valid input. Keyed by channel so a new channel must be added here.
    const everyChannel: { [C in Channel]: () => Promise<Result<unknown>> } = {
      'app:info': () => call('app:info', {}),
      'connections:list': () => call('connections:list', {}),
      'connections:add': () => call('connections:add', { kind: 'payg', name: 'spare', baseUrl: sandbox.url }),
      'connections:update': () => call('connections:update', { name: 'acme', patch: { tolerancePct: '0.5' } }),
      'connections:remove': () => call('connections:remove', { name: 'spare' }),
      'connections:test': async () => {
        await call('connections:test', { name: 'loans' });
        return call('connections:test', { name: 'acme' });
      },
      'connections:setCredentials': () => call('connections:setCredentials', { name: 'loans', apiKey: sandbox.credentials.payg.apiKey }),
      'connections:deleteCredentials': () => call('connections:deleteCredentials', { name: 'spare' }),
      'connections:credentialStatus': () => call('connections:credentialStatus', { name: 'acme' }),
      'demo:open': () => call('demo:open', {}),
      'sync:start': () => call('sync:start', { connection: 'loans', from: FROM, to: TO, period: 'week' }),
      'sync:cancel': () => call('sync:cancel', { jobId: portalJob }),
      'sync:job': () => call('sync:job', { jobId: portalJob }),
      'sync:coverage': () => call('sync:coverage', { connection: 'acme' }),
      'sync:status': () => call('sync:status', {}),
      'reconcile:run': () => call('reconcile:run', { connection: 'loans', from: FROM, to: TO, period: 'week' }),
      'reconcile:summary': () => call('reconcile:summary', { viewId }),
      'reconcile:rows': () => call('reconcile:rows', { viewId, offset: 0, limit: 1000, sort: { column: 'difference', direction: 'desc' }, filter: { text: 'a' } }),
      'reconcile:keys': () => call('reconcile:keys', { viewId, offset: 0, limit: 100 }),
      'review:set': () => call('review:set', { connection: 'acme', itemKeys: [firstKey], state: 'explained', reason: 'timing', note: 'Invoice dated in February' }),
      'review:history': () => call('review:history', { connection: 'acme', itemKey: firstKey }),
      'review:readiness': () => call('review:readiness', { connection: 'acme', from: FROM, to: TO, period: 'month' }),
      'review:signoff': async () => {
        // Strict sign-off: every item that needs a review is settled first, through the window's own channel.
        const range = { connection: 'acme', from: FROM, to: TO, period: 'month' as const };
        const open = [...rangeItems(reconcile(withStore(main.db), { ...range, now: Date.now() }))].filter((i) => i.kind !== null && (i.review?.state ?? 'open') === 'open');
        await call('review:set', { connection: 'acme', itemKeys: open.map((i) => i.key), state: 'carried_forward', reason: 'timing', note: 'Settled next month' });
        return call('review:signoff', { ...range, role: 'preparer' });
      },
      'reconcile:describe': () => call('reconcile:describe', { connection: 'acme', keys: [firstKey, 'B|1', 'not a key'] }),
      'review:signoffs': () => call('review:signoffs', { connection: 'acme' }),
      'review:log': () => call('review:log', {}),
      'review:verify': () => call('review:verify', {}),
      'export:run': () => call('export:run', { connection: 'loans', from: FROM, to: TO, period: 'week', format: 'csv' }),
      'export:showInFolder': () => call('export:showInFolder', { path }),
      'countersign:openWorkbook': () => {
        main.platform.toOpen.push(path);
        return call('countersign:openWorkbook', {});
      },
      'countersign:sign': () => {
        const opened = answers.get('countersign:openWorkbook')?.at(-1);
        return call('countersign:sign', { reviewId: opened?.ok ? ((opened.value as { reviewId?: string }).reviewId ?? 'none') : 'none' });
      },
      'countersign:openFile': () => {
        main.platform.toOpen.push(path);
        return call('countersign:openFile', {});
      },
      'countersign:import': () => call('countersign:import', { importId: 'none' }),
      'identity:get': () => call('identity:get', {}),
      'identity:rename': () => call('identity:rename', { displayName: 'Ana Pérez' }),
      'settings:get': () => call('settings:get', {}),
      'settings:set': () => call('settings:set', { locale: 'es', theme: 'dark', range: { connection: 'acme', from: FROM, to: TO, period: 'month' }, tolerances: [{ connection: 'acme', abs: '500', pct: '1' }] }),
      'close:overview': () => call('close:overview', { from: '2026-01', to: '2026-03' }),
    };
    // connections:add before its spare is used, deleteCredentials before remove.
    const order: Channel[] = ['connections:add', 'connections:deleteCredentials', 'connections:remove', ...CHANNEL_NAMES.filter((c) => !['connections:add', 'connections:deleteCredentials', 'connections:remove'].includes(c))];
    for (const channel of order) await everyChannel[channel]();
    // A second sync started above: let it end so its events are in too.
    const last = answers.get('sync:start')?.at(-1);
    if (last?.ok) await waitForSyncEnd(main.events, (last.value as { jobId: string }).jobId);

    for (const channel of CHANNEL_NAMES) expect(answers.has(channel), `${channel} was called`).toBe(true);
    // The calls that must succeed did (so the check below looks at real answers, not errors).
    for (const channel of ['connections:list', 'connections:test', 'sync:coverage', 'sync:status', 'review:set', 'reconcile:summary', 'reconcile:rows', 'reconcile:keys', 'reconcile:describe', 'review:signoff', 'review:log', 'settings:get', 'connections:credentialStatus'] as const) {
      expect(answers.get(channel)?.at(-1)?.ok, `${channel}: ${JSON.stringify(answers.get(channel)?.at(-1)).slice(0, 300)}`).toBe(true);
    }
    expect(answers.get('connections:test')?.at(-1)).toMatchObject({ ok: true, value: { ok: true } });

    // demo:open stored the demo sandbox's credentials too: they are secrets like any other.
    expect(answers.get('demo:open')?.at(-1)?.ok).toBe(true);
    const demo = await main.set.demoSandbox();
    if (!demo) throw new Error('demo:open did not start its sandbox');
    for (const c of demo.credentials.portal) secrets.push(c.token, c.apiKey);
    secrets.push(demo.credentials.payg.apiKey);
    const everythingTheWindowSaw = JSON.stringify({ answers: [...answers.entries()], events: main.events });
    for (const secret of secrets) {
      expect(everythingTheWindowSaw.includes(secret), 'a secret value reached the window').toBe(false);
      // Not even a recognisable part of it.
      expect(everythingTheWindowSaw.includes(secret.slice(0, 16))).toBe(false);
    }
    expect(main.events.some((e) => e.event === 'sync:onDidProgress')).toBe(true);
    expect(main.events.some((e) => e.event === 'export:onDidProgress')).toBe(true);
  });

  it('keeps secrets out of error answers, even when the upstream rejects them', async () => {
    // A wrong key: the upstream's refusal comes back in words, without the key.
    const wrong = `${sandbox.credentials.payg.apiKey}-but-wrong-1234`;
    await call('connections:setCredentials', { name: 'loans', apiKey: wrong });
    const answer = await call('connections:test', { name: 'loans' });
    expect(answer.ok).toBe(true);
    expect(JSON.stringify(answer)).not.toContain(wrong);
    expect(JSON.stringify(answer)).toMatch(/"ok":false/);
  });
});
