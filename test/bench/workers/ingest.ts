/**
 * One ingest measurement, in its own process.
 *
 * candidate: the real sync (syncConnection: client, zod validation, exact amounts, per-window
 *            transactions, raw responses gzipped) against a fetch that replays the prepared
 *            bodies from disk; the time spent reading those files is measured and subtracted.
 * baseline:  a bare better-sqlite3 insert of the same rows into the same table, one prepared
 *            statement, one transaction — the floor for storing them. Only the inserts are timed.
 */
import { readFileSync } from 'node:fs';
import { openCache } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { realSleep, systemClock } from '../../../electron/core/deps.ts';
import { MemorySecretStore } from '../../../electron/core/secrets.ts';
import { syncConnection } from '../../../electron/core/sync/index.ts';
import { planWindows } from '../../../electron/core/sync/periods.ts';
import { currencyExponent, parseDecimalToMinor } from '../../../electron/core/money/index.ts';
import { windowFile, type ReplayInfo } from '../datasets.ts';
import { log, reportResult, workerArgs } from '../lib/worker-io.ts';
import { withStore } from '../../support/review-store.ts';

interface Args {
  mode: 'candidate' | 'baseline';
  replay: ReplayInfo;
  dbPath: string;
}

const BASE_URL = 'http://127.0.0.1:9';

function replayFetch(replay: ReplayInfo, io: { ms: number }): (input: string | URL) => Promise<Response> {
  let cachedFile = '';
  let cachedLines: string[] = [];
  const linesOf = (file: string): string[] => {
    if (file !== cachedFile) {
      const t = performance.now();
      cachedLines = readFileSync(file, 'utf8').split('\n');
      cachedFile = file;
      io.ms += performance.now() - t;
    }
    return cachedLines;
  };
  return (input) => {
    const url = new URL(String(input));
    const q = url.searchParams;
    if (replay.kind === 'portal') {
      const body = linesOf(windowFile(replay.dir, q.get('startdate') ?? '', q.get('enddate') ?? ''))[0] ?? '';
      return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    }
    const limit = Number(q.get('limit'));
    if (limit !== 100) throw new Error(`The replay holds pages of 100, the sync asked for ${limit}.`);
    const lines = linesOf(windowFile(replay.dir, q.get('start_date_gte') ?? '', q.get('start_date_lte') ?? ''));
    const page = Number(q.get('page'));
    const body = lines[page - 1];
    if (body === undefined) return Promise.resolve(new Response('{"detail":"Invalid page."}', { status: 404, headers: { 'Content-Type': 'application/json' } }));
    return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
}

async function candidate(args: Args): Promise<Record<string, number>> {
  const { replay } = args;
  const db = openCache(args.dbPath);
  const secrets = new MemorySecretStore();
  const name = `bench-${replay.kind}`;
  addConnection(
    db,
    replay.kind === 'portal'
      ? { name, kind: 'portal', baseUrl: BASE_URL, tenant: replay.tenant ?? null, currency: replay.currency ?? null }
      : { name, kind: 'payg', baseUrl: BASE_URL },
    systemClock,
  );
  await secrets.set(name, 'token', 'bench-token', BASE_URL);
  await secrets.set(name, 'apiKey', 'bench-key', BASE_URL);
  const io = { ms: 0 };
  const fetchReplay = replayFetch(replay, io);
  const start = performance.now();
  const result = await syncConnection(
    { db, reviews: withStore(db, systemClock).reviews, fetch: fetchReplay, clock: systemClock, sleep: realSleep, secrets },
    { connection: name, from: replay.from, to: replay.to, period: replay.period, limiter: { max: 1_000_000_000, windowMs: 1 } },
  );
  const ms = performance.now() - start - io.ms;
  db.close();
  if (result.outcome !== 'ok' || result.rows !== replay.rows) {
    throw new Error(`The sync stored ${result.rows} of ${replay.rows} rows (outcome ${result.outcome}): ${result.errors.slice(0, 2).join(' | ')}`);
  }
  log(`candidate ${replay.kind}: ${result.rows} rows, ${result.requests} requests, ${ms.toFixed(0)} ms (+${io.ms.toFixed(0)} ms file reads, not counted)`);
  return { ms, rows: result.rows, requests: result.requests, ioMs: io.ms };
}

interface PortalBodyRow {
  provider_id: string;
  provider_name: string;
  task_count: number;
  total_invoiced: number;
  total_provider: number;
  total_paid: number;
  pending_payment: number;
  approval_rate: number;
  approved_count: number;
  rejected_count: number;
  review_count: number;
}

interface PaygBodyRecord {
  id: number;
  loanName: string;
  start_date: string;
  end_date: string;
  status: { label: string };
  currency: string;
  totalAmountIncMaintenanceFee: string;
  funding_source?: string | null;
}

function baseline(args: Args): Record<string, number> {
  const { replay } = args;
  const db = openCache(args.dbPath);
  const now = new Date().toISOString();
  // The foreign keys the rows need, made before the clock starts.
  const connectionId = Number(
    db
      .prepare("INSERT INTO connection (name, kind, base_url, tenant, currency, created_at) VALUES ('bench', ?, ?, ?, ?, ?)")
      .run(replay.kind, BASE_URL, replay.tenant ?? 't', replay.currency ?? 'USD', now).lastInsertRowid,
  );
  const rawId = Number(
    db
      .prepare("INSERT INTO raw_response (connection_id, request_url, request_key, http_status, fetched_at, body_gzip, body_sha256) VALUES (?, '/', '/', 200, ?, x'00', '')")
      .run(connectionId, now).lastInsertRowid,
  );
  const plan = planWindows(replay.from, replay.to, replay.period, { maxDays: 93 });
  const insertWindow = db.prepare(
    "INSERT INTO sync_window (connection_id, period_kind, period_start, period_end, window_start, window_end, status, last_attempt_at) VALUES (?, 'week', ?, ?, ?, ?, 'ok', ?)",
  );
  const windowIds = plan.map((p) => Number(insertWindow.run(connectionId, p.period.start, p.period.end, p.window.start, p.window.end, now).lastInsertRowid));

  let ms = 0;
  let rows = 0;
  const timed = (fn: () => void): void => {
    const t = performance.now();
    fn();
    ms += performance.now() - t;
  };
  if (replay.kind === 'portal') {
    const exponent = currencyExponent(replay.currency ?? 'USD');
    const insert = db.prepare(
      `INSERT INTO portal_row (window_id, connection_id, period_start, period_end, provider_id, provider_name, currency, task_count,
         invoiced_minor, provider_minor, paid_minor, pending_minor, approval_rate, approved_count, rejected_count, review_count, raw_response_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const minor = (n: number): number => parseDecimalToMinor(n.toFixed(exponent), exponent).minor;
    timed(() => db.exec('BEGIN IMMEDIATE'));
    plan.forEach((p, w) => {
      const body = readFileSync(windowFile(replay.dir, p.window.start, p.window.end), 'utf8');
      const parsed = (JSON.parse(body) as { data: { rows: PortalBodyRow[] } }).data.rows.map((r) => [
        windowIds[w],
        connectionId,
        p.period.start,
        p.period.end,
        r.provider_id,
        r.provider_name,
        replay.currency,
        r.task_count,
        minor(r.total_invoiced),
        minor(r.total_provider),
        minor(r.total_paid),
        minor(r.pending_payment),
        r.approval_rate.toFixed(2),
        r.approved_count,
        r.rejected_count,
        r.review_count,
        rawId,
      ]);
      timed(() => {
        for (const values of parsed) insert.run(values);
      });
      rows += parsed.length;
    });
    timed(() => db.exec('COMMIT'));
  } else {
    const insert = db.prepare(
      `INSERT INTO billing_period (connection_id, id, loan_name, start_date, end_date, status, currency, amount_minor, funding_source,
         status_since, first_seen_at, last_seen_at, window_id, raw_response_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    timed(() => db.exec('BEGIN IMMEDIATE'));
    plan.forEach((p, w) => {
      const lines = readFileSync(windowFile(replay.dir, p.window.start, p.window.end), 'utf8').split('\n');
      for (const line of lines) {
        const parsed = (JSON.parse(line) as { results: PaygBodyRecord[] }).results.map((r) => [
          connectionId,
          r.id,
          r.loanName,
          r.start_date,
          r.end_date,
          r.status.label,
          r.currency,
          parseDecimalToMinor(r.totalAmountIncMaintenanceFee, 2).minor,
          r.funding_source ?? null,
          now,
          now,
          now,
          windowIds[w],
          rawId,
        ]);
        timed(() => {
          for (const values of parsed) insert.run(values);
        });
        rows += parsed.length;
      }
    });
    timed(() => db.exec('COMMIT'));
  }
  // Not timed: make the windows look synced, so this cache can stand in for a synced one.
  db.prepare(
    `UPDATE sync_window SET synced_at = ?, row_count = (SELECT count(*) FROM portal_row r WHERE r.window_id = sync_window.id)
       + (SELECT count(*) FROM billing_period b WHERE b.window_id = sync_window.id)`,
  ).run(now);
  db.close();
  if (rows !== replay.rows) throw new Error(`The baseline inserted ${rows} rows, the replay holds ${replay.rows}.`);
  log(`baseline ${replay.kind}: ${rows} rows, ${ms.toFixed(0)} ms`);
  return { ms, rows };
}

const args = workerArgs<Args>();
reportResult(args.mode === 'candidate' ? await candidate(args) : baseline(args));
