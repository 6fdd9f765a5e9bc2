/**
 * The sync against an upstream that lies, stalls, repeats and deletes (test/support/hostile-upstream.ts),
 * over real HTTP. Every case checks the cache afterwards: each record that exists upstream is
 * there, no amount was changed by a duplicate or rounded, removals were confirmed by id, and a
 * window that could not be trusted says why and is fetched again by a plain sync.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { reconcile } from '../../../electron/core/reconcile/index.ts';
import { sqliteReviewReader } from '../../../electron/core/review/sqlite-store.ts';
import { readRawBody } from '../../../electron/core/sync/index.ts';
import { brokenGzip, deepJson, hugeBody, on, portalRow, redirectTo, stallAfterHeaders, type Behaviour, type PaygRecordJson } from '../../support/hostile-upstream.ts';
import { hostileWorld, minorOf, storedPeriods, windowOf, type HostileWorld } from './hostile-helpers.ts';

let world: HostileWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(options: Parameters<typeof hostileWorld>[0] = {}): Promise<HostileWorld> {
  world = await hostileWorld(options);
  return world;
}

/** What the upstream holds now, as the cache should: id → amount in minor units. */
function upstreamAmounts(w: HostileWorld): Map<number, number> {
  return new Map([...w.upstream.records.values()].map((r) => [r.id, minorOf(r.totalAmountIncMaintenanceFee)]));
}

function cachedAmounts(w: HostileWorld): Map<number, number> {
  return new Map([...storedPeriods(w.db).values()].map((r) => [r.id, r.amount_minor]));
}

/**
 * A world whose cache already holds an honest sync of both connections (March 2025), the request
 * log cleared: a failure after it must leave every stored figure as it was.
 */
async function openSynced(): Promise<HostileWorld & { portalBefore: unknown[] }> {
  const w = await open();
  expect((await w.syncPayg()).outcome).toBe('ok');
  expect((await w.syncPortal()).outcome).toBe('ok');
  w.upstream.log.length = 0;
  return Object.assign(w, { portalBefore: portalRows(w) });
}

function portalRows(w: HostileWorld): unknown[] {
  return w.db.prepare('SELECT provider_id, invoiced_minor, provider_minor, paid_minor, pending_minor FROM portal_row ORDER BY provider_id').all();
}

/** Nothing lost: every record the upstream has is still cached, to the minor unit, and each window keeps its last good snapshot. */
function expectKept(w: HostileWorld & { portalBefore: unknown[] }): void {
  expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
  expect(portalRows(w)).toEqual(w.portalBefore);
  const windows = w.db.prepare<[], { status: string; synced_at: string | null }>("SELECT status, synced_at FROM sync_window WHERE window_start = '2025-03-01'").all();
  expect(windows).toHaveLength(2);
  for (const window of windows) expect(window.synced_at).not.toBeNull();
}

/** The record is deleted upstream once page 1 has been served: every later record shifts a place. */
function deleteBeforePage2(w: HostileWorld, victim: number): Behaviour {
  let deleted = false;
  return on('payg-list', (req) => {
    if (!deleted && req.page === 2) {
      w.upstream.records.delete(victim);
      deleted = true;
    }
  });
}

function sortedIds(w: HostileWorld): number[] {
  return [...w.upstream.records.keys()].sort((a, b) => a - b);
}

describe('PAYG listings that cannot lose data', () => {
  it('a count that shrinks between pages: nothing is deleted, the window says why, and a plain sync tries it again', async () => {
    const w = await open();
    expect((await w.syncPayg()).outcome).toBe('ok');
    const before = cachedAmounts(w);
    expect(before).toEqual(upstreamAmounts(w));
    expect(before.size).toBe(390);

    // Pages after the first claim 250 records: paging by that count stopped early and deleted 140.
    w.upstream.behave(on('payg-list', (_req, ctx) => ({ ...ctx.page(), count: 250 }), (page) => page > 1));
    const lying = await w.syncPayg({ force: true });
    expect(lying.outcome).toBe('partial');
    expect(lying.windows).toMatchObject({ ok: 0, incomplete: 1 });
    expect(lying.removals).toBe(0);
    expect(cachedAmounts(w)).toEqual(before);
    const window = windowOf(w.db);
    expect(window?.status).toBe('incomplete');
    expect(window?.error).toMatch(/did not hold still over 3 reads: its count changed between pages \(390, then 250\)\. What the cache had is kept, and nothing leaves it unless the service confirms it gone by id/);
    expect(lying.errors[0]).toMatch(/^2025-03-01 to 2025-03-31: The PAYG service's listing/);
    // Three reads of four pages: bounded, and no record confirmed (or removed) on an unsettled listing.
    expect(w.upstream.requestsOf('payg-list')).toHaveLength(1 * 4 + 3 * 4);
    expect(w.upstream.requestsOf('payg-record')).toHaveLength(0);

    // Seconds later, not forced: the 300 s rule is for complete windows only.
    w.upstream.behave();
    const again = await w.syncPayg();
    expect(again.windows.skippedFresh).toBe(0);
    expect(again.outcome).toBe('ok');
    expect(windowOf(w.db)).toMatchObject({ status: 'ok', error: null });
    expect(cachedAmounts(w)).toEqual(before);
    // And now complete, it is left alone.
    expect((await w.syncPayg()).windows.skippedFresh).toBe(1);
  });

  it('a record deleted after page 1: the one that crossed the page boundary is kept, the deleted one is confirmed gone by id', async () => {
    const w = await open();
    await w.syncPayg();
    const ids = sortedIds(w);
    const victim = ids[10] ?? 0;
    const crossing = ids[100] ?? 0;
    const victimRecord = w.upstream.records.get(victim) as PaygRecordJson;
    w.upstream.behave(deleteBeforePage2(w, victim));
    const result = await w.syncPayg({ force: true });
    expect(result.outcome).toBe('ok');
    expect(result.removals).toBe(1);
    const cached = cachedAmounts(w);
    expect(cached).toEqual(upstreamAmounts(w));
    expect(cached.has(crossing)).toBe(true);
    expect(cached.has(victim)).toBe(false);
    // Confirmed by the retrieve endpoint, with the 404 kept as evidence.
    expect(w.upstream.requestsOf('payg-record').map((r) => r.path)).toEqual([`/payg/lms/payment-requests/${victim}`]);
    const removal = w.db
      .prepare<[number], { amount_minor: number; status_history_json: string; evidence_raw_response_id: number; reappeared_at: string | null }>(
        'SELECT amount_minor, status_history_json, evidence_raw_response_id, reappeared_at FROM billing_period_removal WHERE billing_period_id = ?',
      )
      .get(victim);
    expect(removal?.amount_minor).toBe(minorOf(victimRecord.totalAmountIncMaintenanceFee));
    expect(JSON.parse(removal?.status_history_json ?? '[]')).toEqual([expect.objectContaining({ status: victimRecord.status.label })]);
    const evidence = w.db.prepare<[number], { http_status: number; request_url: string }>('SELECT http_status, request_url FROM raw_response WHERE id = ?').get(removal?.evidence_raw_response_id ?? 0);
    expect(evidence).toEqual({ http_status: 404, request_url: `/payg/lms/payment-requests/${victim}` });
    expect(readRawBody(w.db, removal?.evidence_raw_response_id ?? 0)).toBe('{"detail":"Not found."}');
    const restated = w.db.prepare<[string], { field: string; old_value: string; new_value: string }>('SELECT field, old_value, new_value FROM restatement WHERE entity_key = ?').all(`B|${victim}`);
    expect(restated).toEqual([{ field: 'presence', old_value: 'present', new_value: 'removed' }]);

    // Shown beside restatements, out of every figure.
    const rec = reconcile({ db: w.db, reviews: sqliteReviewReader(w.db) }, { connection: 'lms', from: '2025-03-01', to: '2025-03-31', period: 'month', now: Date.now() });
    if (rec.kind !== 'payg') throw new Error('expected a PAYG reconciliation');
    expect(rec.removals.map((r) => [r.id, r.amountMinor, r.evidence.httpStatus])).toEqual([[victim, minorOf(victimRecord.totalAmountIncMaintenanceFee), 404]]);
    const total = rec.totals.find((t) => t.currency === victimRecord.currency);
    const upstreamSame = [...w.upstream.records.values()].filter((r) => r.currency === victimRecord.currency);
    expect(total?.count).toBe(upstreamSame.length);
    expect((total?.billedMinor ?? 0) + (total?.draftMinor ?? 0)).toBe(upstreamSame.reduce((s, r) => s + minorOf(r.totalAmountIncMaintenanceFee), 0));
  });

  it('a record deleted after page 1 on a first sync: every record that still exists is stored', async () => {
    const w = await open();
    const victim = sortedIds(w)[3] ?? 0;
    w.upstream.behave(deleteBeforePage2(w, victim));
    const result = await w.syncPayg();
    expect(result.outcome).toBe('ok');
    expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
    // Listed by the first read only: asked for by id, gone, and never in the cache.
    expect(w.upstream.requestsOf('payg-record')).toHaveLength(1);
    expect(result.removals).toBe(0);
  });

  it('the same id on two pages with different amounts: resolved from the retrieve endpoint, never overwritten by the copy', async () => {
    const w = await open();
    const first = sortedIds(w)[0] ?? 0;
    const truth = w.upstream.records.get(first) as PaygRecordJson;
    truth.totalAmountIncMaintenanceFee = '188665.66';
    w.upstream.behave(on('payg-list', (_req, ctx) => {
      const page = ctx.page();
      return { ...page, results: [...page.results, { ...truth, totalAmountIncMaintenanceFee: '7.77' }] };
    }, (page) => page === 2));
    const result = await w.syncPayg();
    expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
    expect(storedPeriods(w.db).get(first)?.amount_minor).toBe(18_866_566);
    expect(w.upstream.requestsOf('payg-record').map((r) => r.path)).toEqual([`/payg/lms/payment-requests/${first}`]);
    // A listing with two contents for one id is never complete.
    expect(result.outcome).toBe('partial');
    expect(windowOf(w.db)?.error).toMatch(new RegExp(`billing period ${first} was listed twice with different contents`));
  });

  it('an id unreadable on one page and readable on another is settled by id too', async () => {
    const w = await open();
    const first = sortedIds(w)[0] ?? 0;
    const truth = w.upstream.records.get(first) as PaygRecordJson;
    w.upstream.behave(
      on('payg-list', (req, ctx) => {
        const page = ctx.page();
        if (req.page === 1) return { ...page, results: page.results.map((r) => (r.id === first ? { ...r, totalAmountIncMaintenanceFee: 'n/a' } : r)) };
        if (req.page === 2) return { ...page, results: [...page.results, truth] };
        return undefined;
      }),
    );
    const result = await w.syncPayg();
    expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
    expect(w.upstream.requestsOf('payg-record').map((r) => r.path)).toEqual([`/payg/lms/payment-requests/${first}`]);
    expect(result.outcome).toBe('partial');
    expect(w.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
  });

  it('a duplicate that cannot be confirmed is set aside, and the cached amount stays', async () => {
    const w = await open();
    await w.syncPayg();
    const ids = sortedIds(w);
    const first = ids[0] ?? 0;
    const displaced = ids[150] ?? 0;
    const truth = w.upstream.records.get(first) as PaygRecordJson;
    // Page 2 shows a copy of the first record with another amount, in place of one that exists;
    // the retrieve endpoint is down for it.
    w.upstream.behave(
      on('payg-list', (_req, ctx) => {
        const page = ctx.page();
        return { ...page, results: page.results.map((r) => (r.id === displaced ? { ...truth, totalAmountIncMaintenanceFee: '7.77' } : r)) };
      }, (page) => page === 2),
      on('payg-record', (_req, ctx) => ctx.json(500, { detail: 'A server error occurred.' })),
    );
    const result = await w.syncPayg({ force: true });
    expect(result.outcome).toBe('partial');
    expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
    expect(storedPeriods(w.db).get(first)?.amount_minor).toBe(minorOf(truth.totalAmountIncMaintenanceFee));
    expect(storedPeriods(w.db).has(displaced)).toBe(true);
    const aside = w.db.prepare<[string], { reason: string; raw_json: string }>('SELECT reason, raw_json FROM quarantine WHERE record_key = ?').get(String(first));
    expect(aside?.reason).toMatch(/listed twice with different contents and could not be confirmed .*set aside and the cache keeps what it had/);
    expect(aside?.raw_json).toContain('7.77');
  });

  it('pages capped far below what was asked: every record, once', async () => {
    const w = await open({ limitCap: 7 });
    const result = await w.syncPayg();
    expect(result.outcome).toBe('ok');
    expect(cachedAmounts(w)).toEqual(upstreamAmounts(w));
    expect(w.upstream.requestsOf('payg-list')).toHaveLength(Math.ceil(390 / 7));
  });
});

describe('exact, bounded, explained', () => {
  it('an amount with a third decimal is set aside with the upstream text quoted; nothing is rounded', async () => {
    const w = await open();
    const id = sortedIds(w)[42] ?? 0;
    const record = w.upstream.records.get(id) as PaygRecordJson;
    record.totalAmountIncMaintenanceFee = '414799.815';
    const result = await w.syncPayg();
    expect(result.outcome).toBe('partial');
    expect(result.quarantined).toBe(1);
    const stored = cachedAmounts(w);
    expect(stored.has(id)).toBe(false);
    expect([...stored.values()].filter((v) => v === 41_479_982 || v === 41_479_981)).toEqual([]);
    expect(stored.size).toBe(389);
    const aside = w.db.prepare<[string], { reason: string }>('SELECT reason FROM quarantine WHERE record_key = ?').get(String(id));
    expect(aside?.reason).toBe(`Billing period ${id} has the amount "414799.815", with more decimals than ${record.currency} has (2): it was set aside, not rounded.`);
    // A portal figure too.
    w.upstream.portalRows = [portalRow('P-1', '414799.815'), portalRow('P-2', '100.00')];
    const portal = await w.syncPortal();
    expect(portal.outcome).toBe('partial');
    expect(w.db.prepare("SELECT provider_id FROM portal_row ORDER BY provider_id").pluck().all()).toEqual(['P-2']);
    expect(w.db.prepare("SELECT reason FROM quarantine WHERE record_key = 'P-1'").pluck().get()).toMatch(/total_invoiced "414799\.815" has more decimals than COP has \(2\): it was set aside, not rounded/);
    // Incomplete: a plain sync asks again, even within the portal's 300 s.
    const before = w.upstream.requestsOf('portal').length;
    await w.syncPortal();
    expect(w.upstream.requestsOf('portal').length).toBe(before + 1);
  });

  it('text that is not valid UTF-8 is set aside, the rest of the page kept', async () => {
    const w = await open();
    const id = sortedIds(w)[5] ?? 0;
    (w.upstream.records.get(id) as PaygRecordJson).loanName = '__NOT_UTF8__';
    w.upstream.behave(on('payg-list', (_req, ctx) => {
      const text = JSON.stringify(ctx.page());
      if (!text.includes('__NOT_UTF8__')) return undefined;
      const [before = '', after = ''] = text.split('__NOT_UTF8__');
      // "Pr", then 0xC3 0x28 (a lead byte without its continuation), then "stamo".
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.concat([Buffer.from(`${before}Pr`), Buffer.from([0xc3, 0x28]), Buffer.from(`stamo${after}`)]) };
    }));
    const result = await w.syncPayg();
    expect(result.outcome, result.errors.join('\n')).toBe('partial');
    const stored = cachedAmounts(w);
    expect(stored.size).toBe(389);
    expect(stored.has(id)).toBe(false);
    expect(w.db.prepare('SELECT reason FROM quarantine WHERE record_key = ?').pluck().get(String(id))).toMatch(/has text that is not valid UTF-8 \(loan name "Pr\uFFFD\(stamo"\); it was set aside/);
  });

  it('a body that stalls after its headers ends at the deadline, with its own message', async () => {
    const w = await openSynced();
    w.upstream.behave(on('payg-list', () => stallAfterHeaders()));
    const started = performance.now();
    const result = await w.syncPayg({ force: true, http: { timeoutMs: 400, retry: { maxAttempts: 1 } } });
    const elapsed = performance.now() - started;
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]).toMatch(/The PAYG service started to answer but did not finish its reply within 400 ms \(it stalled\)/);
    expect(result.errors[0]).not.toMatch(/internet/);
    expect(elapsed).toBeLessThan(400 + 1500);
    expectKept(w);
    expect(windowOf(w.db)?.status).toBe('failed');
  });

  it('a 600 MB body stops at the 64 MB cap, streamed and never held whole, with its own message', async () => {
    const w = await openSynced();
    w.upstream.behave(on('payg-list', () => hugeBody(600)));
    const result = await w.syncPayg({ force: true, http: { timeoutMs: 20_000, retry: { maxAttempts: 1 } } });
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]).toMatch(/sent a reply larger than 64 MB; Concilia stopped reading it/);
    expect(result.errors[0]).not.toMatch(/internet/);
    // Declared up front: refused before a byte of it is read.
    w.upstream.behave(on('payg-list', () => hugeBody(600, true)));
    const declared = await w.syncPayg({ force: true, http: { timeoutMs: 20_000, retry: { maxAttempts: 3 } } });
    expect(declared.errors[0]).toMatch(/larger than 64 MB/);
    // Not retried: the same request would bring the same reply.
    expect(w.upstream.requestsOf('payg-list')).toHaveLength(2);
    // The cap is a setting.
    w.upstream.behave(on('payg-list', () => hugeBody(2)));
    const small = await w.syncPayg({ force: true, http: { maxResponseBytes: 1024 * 1024, retry: { maxAttempts: 1 } } });
    expect(small.errors[0]).toMatch(/larger than 1 MB/);
    expectKept(w);
  });

  it('100,000-deep JSON ends with its own message, not a stack overflow', async () => {
    const w = await openSynced();
    w.upstream.behave(on('payg-list', () => deepJson(100_000)));
    const result = await w.syncPayg({ force: true });
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]).toMatch(/reply nests its data more than 64 levels deep/);
    expect(result.errors[0]).not.toMatch(/call stack/i);
    expect(w.upstream.requestsOf('payg-list')).toHaveLength(1);
    expectKept(w);
  });

  it('a redirect is refused and says to check the base URL; the other address never sees the credentials', async () => {
    const w = await openSynced();
    let reached = 0;
    const other = createServer((_req, res) => {
      reached++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      w.upstream.behave(on('payg-list', () => redirectTo(`${otherUrl}/payg/lms/payment-requests?page=1`)));
      const result = await w.syncPayg({ from: '2025-03-01', to: '2025-04-30', force: true });
      expect(result.outcome).toBe('failed');
      expect(result.errors[0]).toContain(`The PAYG service sent us to another address (${otherUrl}), status 302.`);
      expect(result.errors[0]).toMatch(/check the connection's base URL/);
      expect(result.errors.at(-1)).toMatch(/remaining windows would fail the same way/);
      expect(reached).toBe(0);
      expect(w.upstream.requestsOf('payg-list')).toHaveLength(1);
      expectKept(w);
    } finally {
      other.close();
    }
  });

  it('a damaged compressed body says so (not "check the internet connection")', async () => {
    const w = await openSynced();
    w.upstream.behave(on('payg-list', () => brokenGzip()));
    const result = await w.syncPayg({ force: true });
    expect(result.outcome).toBe('failed');
    expect(result.errors[0]).toMatch(/reply was compressed but arrived damaged, so it could not be read \(the compressed data is invalid\).*\(gave up after 2 attempts\)/);
    expect(result.errors[0]).not.toMatch(/internet/);
    expectKept(w);
  });

  it('a success:false reply shows the upstream code and message, and stops', async () => {
    const w = await openSynced();
    w.upstream.behave(on('portal', (_req, ctx) => ctx.json(200, { success: false, error: { code: 'TENANT_SUSPENDED', message: 'The tenant is suspended until its invoice is paid' } })));
    const result = await w.syncPortal({ from: '2025-03-01', to: '2025-04-30', force: true });
    expect(result.outcome).toBe('failed');
    expectKept(w);
    expect(result.errors[0]).toMatch(/The portal answered but did not give the report: it reported a failure \(TENANT_SUSPENDED\): "The tenant is suspended until its invoice is paid"/);
    expect(w.upstream.requestsOf('portal')).toHaveLength(1);
  });

  it('a Retry-After longer than we wait stops the sync and says at what local time to try again', async () => {
    const w = await openSynced();
    w.upstream.behave(on('portal', (_req, ctx) => ctx.json(429, { success: false, error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, { 'Retry-After': '7200' })));
    const now = Date.now();
    const result = await w.syncPortal({ from: '2025-03-01', to: '2025-05-31', force: true });
    expect(result.outcome).toBe('failed');
    expectKept(w);
    const two = (n: number): string => String(n).padStart(2, '0');
    const times = [0, 60_000].map((slack) => {
      const at = new Date(now + 7_200_000 + slack);
      return `${two(at.getHours())}:${two(at.getMinutes())}`;
    });
    expect(result.errors[0]).toMatch(/asks us to wait 2 h, longer than Concilia waits \(2 min\)\. Try again after .*\(local time\)/);
    expect(times.some((t) => result.errors[0]?.includes(`${t} (local time)`))).toBe(true);
    expect(w.upstream.requestsOf('portal')).toHaveLength(1);
    expect(result.errors.at(-1)).toMatch(/2 window\(s\) were not attempted/);
  });
});

describe('credentials never reach the cache', () => {
  it('whatever the upstream echoes: record text, unknown fields, escaped JSON, set-aside records, raw bodies, the -wal', async () => {
    const w = await open();
    const key = w.upstream.paygKey;
    const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const bad = sortedIds(w)[7] ?? 0;
    (w.upstream.records.get(bad) as PaygRecordJson).status = { code: 99, label: 'WEIRD' };
    w.upstream.behave(
      on('payg-list', (req, ctx) => {
        const page = ctx.page();
        const auth = String(req.headers.authorization);
        const results = page.results.map((r) => ({ ...r, loanName: `${r.loanName} (${auth})`, echo: { headers: req.headers }, note: '__ESCAPED__' }));
        return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...page, results }).split('"__ESCAPED__"').join(`"${escaped}"`) };
      }),
      on('portal', (req) => {
        w.upstream.portalRows = [portalRow('P-1', '10.00', { provider_name: `Echo ${String(req.headers.authorization)} ${String(req.headers['x-api-key'])}` }), portalRow('P-2', '10.005', { provider_name: `Bad ${String(req.headers['x-api-key'])}` })];
      }),
    );
    const payg = await w.syncPayg();
    const portal = await w.syncPortal();
    expect(payg.quarantined).toBe(1);
    expect(portal.quarantined).toBe(1);
    expect(storedPeriods(w.db).size).toBe(389);
    // Stored, redacted.
    expect(w.db.prepare('SELECT loan_name FROM billing_period LIMIT 1').pluck().get()).toMatch(/\(Bearer \[redacted\]\)$/);
    expect(w.db.prepare("SELECT provider_name FROM portal_row WHERE provider_id = 'P-1'").pluck().get()).toBe('Echo Bearer [redacted] [redacted]');

    const everyText = (): string[] => {
      const out: string[] = [];
      const tables = w.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      for (const table of tables) {
        for (const row of w.db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          for (const value of Object.values(row)) if (typeof value === 'string') out.push(value);
        }
      }
      for (const id of w.db.prepare('SELECT id FROM raw_response').pluck().all() as number[]) out.push(readRawBody(w.db, id) ?? '');
      return out;
    };
    const texts = everyText();
    expect(texts.some((t) => t.includes('[redacted]'))).toBe(true);
    for (const secret of w.secretValues) {
      expect(texts.filter((t) => t.includes(secret))).toEqual([]);
      // Escaped (\u0070…) in a stored body is the same credential.
      expect(texts.filter((t) => t.includes(escaped))).toEqual([]);
    }
    // The file and its write-ahead log, byte for byte.
    const { readFileSync, existsSync } = await import('node:fs');
    for (const file of [w.dbPath, `${w.dbPath}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      for (const secret of w.secretValues) expect(bytes.includes(Buffer.from(secret)), `${file} holds a credential`).toBe(false);
    }
  });
});

describe('cancel', () => {
  it('a sync waiting on a stalled body stops within a second of the cancel', async () => {
    const w = await open();
    w.upstream.behave(on('payg-list', () => stallAfterHeaders()));
    const controller = new AbortController();
    const arrived = w.upstream.nextRequest('payg-list');
    const pending = w.syncPayg({ signal: controller.signal, http: { timeoutMs: 60_000 } });
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelledAt = performance.now();
    controller.abort(new Error('Cancelled by the user.'));
    const result = await pending;
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(result.outcome).toBe('cancelled');
    expect(windowOf(w.db)).toBeUndefined();
  });
});
