/**
 * Benchmark data from the sandbox's seeded generator, prepared once per size and replayed from disk.
 *
 * The ingest benchmark measures parsing, validating and storing response BODIES, not the network
 * or the generator: so every body the sync will ask for is rendered up front into files, one line
 * per page, and the benchmark's fetch hands them back (its file reads are timed and subtracted).
 * - Portal bodies come from a real sandbox over loopback HTTP (one per weekly window).
 * - PAYG pages are rendered here with the generator's own record view and the sandbox's page
 *   layout ({"count","next","previous","results"}, records as JSON.stringify(toPaygRecord(view)));
 *   going through HTTP for 100,000 pages would take minutes of prep. `checkPaygRendering` compares
 *   the first pages with a real sandbox's, byte for byte on the results, so the two cannot drift.
 */
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../electron/core/sandbox/index.ts';
import { generateDataset, paygRecordView, paygWeekIndexRange, toPaygRecord, type Dataset, type DatasetOptions } from '../../electron/core/sandbox/generator.ts';
import { formatIsoDate } from '../../electron/core/sandbox/calendar.ts';
import { planWindows } from '../../electron/core/sync/periods.ts';

export const BENCH_SEED = 8;
export const RANGE = { from: '2024-11-18', to: '2026-11-15' } as const;
export const PAGE_SIZE = 100;
export const PORTAL_TENANT = 'bench-co';
export const PORTAL_CURRENCY = 'COP';
/** Weekly windows over two years: 87 provider-week rows per provider in this dataset. */
export const PORTAL_ROWS_PER_PROVIDER = 87;

export interface ReplayInfo {
  kind: 'portal' | 'payg';
  dir: string;
  from: string;
  to: string;
  period: 'week';
  /** Rows the sync must end up storing (valid records). */
  rows: number;
  requests: number;
  /** Bytes of body text. */
  bytes: number;
  /** "Now" of the dataset (ms), for reconciliation ages. */
  nowMs: number;
  tenant?: string;
  currency?: string;
}

const INFO_FILE = 'replay.json';

export function portalDatasetOptions(providers: number): DatasetOptions {
  return {
    seed: BENCH_SEED,
    portal: { tenants: [{ id: PORTAL_TENANT, name: 'Bench Co', currency: PORTAL_CURRENCY, providers }], from: RANGE.from, to: RANGE.to },
    payg: { loans: 1, periods: 1, from: RANGE.from, to: RANGE.to },
  };
}

export function paygDatasetOptions(periods: number): DatasetOptions {
  // Loans start staggered; ≥ periods/104 loans are needed to fit the periods into 104 weeks.
  return {
    seed: BENCH_SEED,
    portal: { tenants: [{ id: 'unused', currency: 'USD', providers: 1 }], from: RANGE.from, to: RANGE.to },
    payg: { loans: Math.max(1, Math.ceil(periods / 80)), periods, from: RANGE.from, to: RANGE.to },
  };
}

export function windowFile(dir: string, start: string, end: string): string {
  return join(dir, `${start}_${end}.jsonl`);
}

function readInfo(dir: string): ReplayInfo | null {
  const file = join(dir, INFO_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ReplayInfo) : null;
}

/** Portal bodies for `providers` providers, fetched from a real sandbox (cached in `dir`). */
export async function preparePortalReplay(dir: string, providers: number): Promise<ReplayInfo> {
  const existing = readInfo(dir);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true });
  const sandbox = await startSandbox({ datasetOptions: portalDatasetOptions(providers), rateLimit: { max: 1_000_000, windowMs: 1000 }, cacheTtlMs: 0 });
  try {
    const credential = sandbox.credentials.portal.find((c) => c.tenant === PORTAL_TENANT && c.hasReportPermission);
    if (!credential) throw new Error('The sandbox issued no report credential for the bench tenant.');
    let rows = 0;
    let bytes = 0;
    const plan = planWindows(RANGE.from, RANGE.to, 'week', { maxDays: 93 });
    for (const planned of plan) {
      const url = `${sandbox.url}/apidev/v1/reports/portal/billing?startdate=${planned.window.start}&enddate=${planned.window.end}`;
      const response = await fetch(url, { headers: { Authorization: `Bearer ${credential.token}`, 'X-API-Key': credential.apiKey, tenant: credential.tenant } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`The sandbox answered ${response.status} for ${url}: ${body.slice(0, 200)}`);
      if (body.includes('\n')) throw new Error('A portal body spans lines; the replay format needs one line per body.');
      rows += (JSON.parse(body) as { data: { rows: unknown[] } }).data.rows.length;
      bytes += body.length;
      writeFileSync(windowFile(dir, planned.window.start, planned.window.end), body);
    }
    const info: ReplayInfo = {
      kind: 'portal',
      dir,
      ...RANGE,
      period: 'week',
      rows,
      requests: plan.length,
      bytes,
      nowMs: Date.parse(`${RANGE.to}T12:00:00Z`) + 86_400_000,
      tenant: PORTAL_TENANT,
      currency: PORTAL_CURRENCY,
    };
    writeFileSync(join(dir, INFO_FILE), JSON.stringify(info));
    return info;
  } finally {
    await sandbox.close();
  }
}

function nextUrl(start: string, end: string, page: number): string {
  return JSON.stringify(`http://127.0.0.1:4010/payg/lms/payment-requests?limit=${PAGE_SIZE}&ordering=id&page=${page}&start_date_gte=${start}&start_date_lte=${end}`);
}

/** The results of one page exactly as the sandbox renders them. */
export function paygResultsText(dataset: Dataset, from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const view = paygRecordView(dataset, i);
    if (view) parts.push(JSON.stringify(toPaygRecord(view)));
  }
  return parts.join(',');
}

/** PAYG pages for `periods` billing periods, one file per weekly window, one page per line. */
export function preparePaygReplay(dir: string, periods: number): ReplayInfo {
  const existing = readInfo(dir);
  if (existing) return existing;
  mkdirSync(dir, { recursive: true });
  const dataset = generateDataset(paygDatasetOptions(periods));
  let rows = 0;
  let requests = 0;
  let bytes = 0;
  for (let w = 0; w < dataset.payg.weeks; w++) {
    const [a, b] = paygWeekIndexRange(dataset, w, w);
    const start = formatIsoDate(dataset.payg.fromDay + w * 7);
    const end = formatIsoDate(dataset.payg.fromDay + w * 7 + 6);
    const count = b - a;
    const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    const lines: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const lo = a + (p - 1) * PAGE_SIZE;
      const hi = Math.min(b, lo + PAGE_SIZE);
      const next = p < pages ? nextUrl(start, end, p + 1) : 'null';
      const previous = p > 1 ? nextUrl(start, end, p - 1) : 'null';
      lines.push(`{"count":${count},"next":${next},"previous":${previous},"results":[${paygResultsText(dataset, lo, hi)}]}`);
    }
    const text = lines.join('\n');
    bytes += text.length;
    writeFileSync(windowFile(dir, start, end), text);
    rows += count;
    requests += pages;
  }
  const info: ReplayInfo = { kind: 'payg', dir, ...RANGE, period: 'week', rows, requests, bytes, nowMs: dataset.payg.asOfMs };
  writeFileSync(join(dir, INFO_FILE), JSON.stringify(info));
  return info;
}

/** Compare the replay's first pages with what a real sandbox serves for the same dataset. */
export async function checkPaygRendering(periods: number): Promise<void> {
  const sandbox = await startSandbox({ datasetOptions: paygDatasetOptions(periods) });
  try {
    const dataset = sandbox.dataset;
    for (const w of [0, Math.floor(dataset.payg.weeks / 2)]) {
      const [a, b] = paygWeekIndexRange(dataset, w, w);
      const start = formatIsoDate(dataset.payg.fromDay + w * 7);
      const end = formatIsoDate(dataset.payg.fromDay + w * 7 + 6);
      const url = `${sandbox.url}/payg/lms/payment-requests?ordering=id&page=1&limit=${PAGE_SIZE}&start_date_gte=${start}&start_date_lte=${end}`;
      const response = await fetch(url, { headers: { Authorization: `Bearer ${sandbox.credentials.payg.apiKey}` } });
      const body = await response.text();
      const served = body.slice(body.indexOf('"results":[') + '"results":['.length, body.lastIndexOf(']}'));
      const ours = paygResultsText(dataset, a, Math.min(b, a + PAGE_SIZE));
      if (served !== ours) throw new Error(`The replay's PAYG page for ${start} differs from the sandbox's; update test/bench/datasets.ts to match payg-api.ts.`);
      const count = (JSON.parse(body) as { count: number }).count;
      if (count !== b - a) throw new Error(`The sandbox counts ${count} records for ${start}, the replay ${b - a}.`);
    }
  } finally {
    await sandbox.close();
  }
}
