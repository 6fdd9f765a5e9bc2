/**
 * Shared pieces of the fault tests: a sandbox on a fast rate-limit window, caches in temp folders,
 * the CLI as a child process, and cache contents in a form two caches can be compared by.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCache, type CacheDatabase } from '../../../electron/core/cache/index.ts';
import { addConnection } from '../../../electron/core/connections/index.ts';
import { systemClock } from '../../../electron/core/deps.ts';
import { allExpectedPaygRecords, expectedPortalReport, type Sandbox } from '../../../electron/core/sandbox/index.ts';
import { planWindows } from '../../../electron/core/sync/periods.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = join(ROOT, 'bin', 'concilia.js');

/** Both sides on the same fast sliding window: the limits are real, the test takes seconds. */
export const FAST_LIMIT = { max: 10, windowMs: 250 } as const;

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(os.tmpdir(), `concilia-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Names {
  portal: string;
  payg: string;
}

/** A cache with one portal and one PAYG connection pointing at the sandbox. */
export function cacheWithConnections(path: string, sandbox: Sandbox, tenant = 'acme-logistics'): Names {
  const db = openCache(path);
  try {
    const credential = sandbox.credentials.portal.find((c) => c.tenant === tenant && c.hasReportPermission);
    if (!credential) throw new Error(`The sandbox has no report credential for ${tenant}.`);
    addConnection(db, { name: 'acme', kind: 'portal', baseUrl: sandbox.url, tenant: credential.tenant, currency: credential.currency }, systemClock);
    addConnection(db, { name: 'lms', kind: 'payg', baseUrl: sandbox.url }, systemClock);
    return { portal: 'acme', payg: 'lms' };
  } finally {
    db.close();
  }
}

export function portalEnv(sandbox: Sandbox, tenant = 'acme-logistics'): NodeJS.ProcessEnv {
  const credential = sandbox.credentials.portal.find((c) => c.tenant === tenant && c.hasReportPermission);
  return { CONCILIA_TOKEN: credential?.token ?? '', CONCILIA_API_KEY: credential?.apiKey ?? '' };
}

export function paygEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  return { CONCILIA_API_KEY: sandbox.credentials.payg.apiKey };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a black box; `env` adds to a clean environment (no CONCILIA_* leaking in). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, options: { uid?: number; gid?: number } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CONCILIA_')) base[k] = v;
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], {
    cwd: ROOT,
    env: { ...base, CONCILIA_RATE_LIMIT: `${FAST_LIMIT.max}/${FAST_LIMIT.windowMs}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<CliRun>((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { uid?: number; gid?: number } = {}): Promise<CliRun> {
  return spawnCli(args, env, options).done;
}

// ───────────────────────────── cache contents ─────────────────────────────

export interface PortalFigure {
  period_start: string;
  period_end: string;
  provider_id: string;
  provider_name: string;
  currency: string;
  task_count: number;
  invoiced_minor: number;
  provider_minor: number;
  paid_minor: number;
  pending_minor: number;
  approval_rate: string;
  approved_count: number;
  rejected_count: number;
  review_count: number;
}

/** portal_row without its surrogate ids (window, raw response), in a fixed order. */
export function portalFigures(db: CacheDatabase, connection: string): PortalFigure[] {
  return db
    .prepare<[string], PortalFigure>(
      `SELECT r.period_start, r.period_end, r.provider_id, r.provider_name, r.currency, r.task_count, r.invoiced_minor, r.provider_minor,
              r.paid_minor, r.pending_minor, r.approval_rate, r.approved_count, r.rejected_count, r.review_count
         FROM portal_row r JOIN connection c ON c.id = r.connection_id
        WHERE c.name = ? ORDER BY r.period_start, r.provider_id`,
    )
    .all(connection);
}

export interface BillingFigure {
  id: number;
  loan_name: string;
  start_date: string;
  end_date: string;
  status: string;
  currency: string;
  amount_minor: number;
  funding_source: string | null;
}

export function billingFigures(db: CacheDatabase, connection: string): BillingFigure[] {
  return db
    .prepare<[string], BillingFigure>(
      `SELECT b.id, b.loan_name, b.start_date, b.end_date, b.status, b.currency, b.amount_minor, b.funding_source
         FROM billing_period b JOIN connection c ON c.id = b.connection_id
        WHERE c.name = ? ORDER BY b.id`,
    )
    .all(connection);
}

/** What the sandbox's generator says a weekly portal sync of [from, to] must store. */
export function expectedPortalFigures(sandbox: Sandbox, tenant: string, from: string, to: string): PortalFigure[] {
  const out: PortalFigure[] = [];
  for (const planned of planWindows(from, to, 'week', { maxDays: 93 })) {
    const report = expectedPortalReport(sandbox.dataset, { tenant, from: planned.window.start, to: planned.window.end });
    for (const row of report.rows) {
      out.push({
        period_start: planned.period.start,
        period_end: planned.period.end,
        provider_id: row.providerId,
        provider_name: row.providerName,
        currency: report.currency,
        task_count: row.taskCount,
        invoiced_minor: row.invoicedMinor,
        provider_minor: row.providerMinor,
        paid_minor: row.paidMinor,
        pending_minor: row.pendingMinor,
        approval_rate: '',
        approved_count: row.approvedCount,
        rejected_count: row.rejectedCount,
        review_count: row.reviewCount,
      });
    }
  }
  return out.sort((a, b) => (a.period_start < b.period_start ? -1 : a.period_start > b.period_start ? 1 : a.provider_id < b.provider_id ? -1 : a.provider_id > b.provider_id ? 1 : 0));
}

/** Every billing period whose start date is in [from, to], as the generator has it. */
export function expectedBillingFigures(sandbox: Sandbox, from: string, to: string): Omit<BillingFigure, 'funding_source' | 'loan_name'>[] {
  return allExpectedPaygRecords(sandbox.dataset)
    .filter((r) => r.startDate >= from && r.startDate <= to)
    .map((r) => ({ id: r.id, start_date: r.startDate, end_date: r.endDate, status: r.statusLabel, currency: r.currency, amount_minor: r.amountMinor ?? Number.NaN }))
    .sort((a, b) => a.id - b.id);
}

export function withoutApprovalRate(rows: readonly PortalFigure[]): Omit<PortalFigure, 'approval_rate'>[] {
  return rows.map(({ approval_rate: _ignored, ...rest }) => rest);
}

export function integrityCheck(db: CacheDatabase): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}

/** Portal rows stored twice for the same provider and period (by two windows): must be none. */
export function duplicatePortalRows(db: CacheDatabase): number {
  const row = db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM portal_row r JOIN sync_window w ON w.id = r.window_id
         GROUP BY r.connection_id, w.window_start, w.window_end, r.provider_id HAVING count(*) > 1)`,
    )
    .get();
  return row?.n ?? 0;
}
