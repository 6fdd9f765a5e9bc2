/**
 * `GET /payg/lms/payment-requests` and `GET /payg/lms/payment-requests/{id}` — the PAYG LMS billing
 * periods, as documented in the PAYG documentation (shared/seeds/000_*.txt), in Django REST Framework style.
 *
 * - Auth: `Authorization: Bearer <api key>`. No (or a non-Bearer) header → 401
 *   `{"detail":"Authentication credentials were not provided."}`; a wrong key → 401 `{"detail":"Invalid token."}`.
 * - List: `{"count","next","previous","results"}`; see payg-filters.ts for parameters and their errors.
 *   `limit` is capped at `paygLimitCap` (default 100); default page size 20; ties in any ordering are
 *   broken by ascending id; strings order by UTF-16 code units; ordering by amount uses the stored value.
 * - A page past the end (or not a positive integer) → 404 `{"detail":"Invalid page."}`; page 1 of an
 *   empty result is a 200 with no results.
 * - Detail: the record, or 404 `{"detail":"Not found."}`.
 *
 * Matches are computed with week index ranges (dates), a loan mask (search, currency, funding source)
 * and a per-record status check, then cached per normalised query for the current dataset version, so
 * paging through a million records costs O(limit) per page after the first one.
 */

import { parseIsoDate } from './calendar.ts';
import type { SandboxContext, SandboxResponse } from './context.ts';
import { json } from './context.ts';
import type { Dataset, PaygLoan } from './generator.ts';
import {
  createPaygRecords,
  paygPlacement,
  paygRecordCount,
  paygRecordView,
  paygStatusAt,
  paygWeekIndexRange,
  toPaygRecord,
} from './generator.ts';
import type { OrderingKey, PaygFilters } from './payg-filters.ts';
import { parsePaygListParams, searchTerms } from './payg-filters.ts';

export const PAYG_LIST_PATH = '/payg/lms/payment-requests';

const LOAN_RANKS = new WeakMap<Dataset, Map<string, Float64Array>>();

/** Rank of each loan by a loan-level text field (equal texts share a rank). */
function loanRanks(dataset: Dataset, field: 'loanName' | 'currency' | 'funding_source'): Float64Array {
  let perDataset = LOAN_RANKS.get(dataset);
  if (!perDataset) {
    perDataset = new Map();
    LOAN_RANKS.set(dataset, perDataset);
  }
  const cached = perDataset.get(field);
  if (cached) return cached;
  const text = (l: PaygLoan): string => (field === 'loanName' ? l.name : field === 'currency' ? l.currency : l.fundingSource);
  const distinct = [...new Set(dataset.payg.loans.map(text))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map(distinct.map((t, i) => [t, i]));
  const ranks = new Float64Array(dataset.payg.loans.length);
  dataset.payg.loans.forEach((l, i) => {
    ranks[i] = rankOf.get(text(l)) ?? 0;
  });
  perDataset.set(field, ranks);
  return ranks;
}

function loanMask(dataset: Dataset, filters: PaygFilters): Uint8Array | null {
  const terms = searchTerms(filters.search);
  if (terms.length === 0 && !filters.currency && !filters.funding_source) return null;
  const mask = new Uint8Array(dataset.payg.loans.length);
  dataset.payg.loans.forEach((loan, i) => {
    if (filters.currency && loan.currency !== filters.currency) return;
    if (filters.funding_source && loan.fundingSource !== filters.funding_source) return;
    const name = loan.name.toLowerCase();
    if (!terms.every((t) => name.includes(t))) return;
    mask[i] = 1;
  });
  return mask;
}

/** Inclusive week bounds implied by the date filters. */
function weekBounds(dataset: Dataset, filters: PaygFilters): [number, number] {
  const base = dataset.payg.fromDay;
  let lo = 0;
  let hi = dataset.payg.weeks - 1;
  const day = (text: string | undefined): number | null => (text === undefined ? null : parseIsoDate(text));
  const sGte = day(filters.start_date_gte);
  const sLte = day(filters.start_date_lte);
  const eGte = day(filters.end_date_gte);
  const eLte = day(filters.end_date_lte);
  if (sGte !== null) lo = Math.max(lo, Math.ceil((sGte - base) / 7));
  if (sLte !== null) hi = Math.min(hi, Math.floor((sLte - base) / 7));
  if (eGte !== null) lo = Math.max(lo, Math.ceil((eGte - base - 6) / 7));
  if (eLte !== null) hi = Math.min(hi, Math.floor((eLte - base - 6) / 7));
  return [lo, hi];
}

function dateOk(filters: PaygFilters, startDay: number): boolean {
  const endDay = startDay + 6;
  const check = (text: string | undefined, value: number, gte: boolean): boolean => {
    if (text === undefined) return true;
    const bound = parseIsoDate(text);
    return bound === null ? true : gte ? value >= bound : value <= bound;
  };
  return (
    check(filters.start_date_gte, startDay, true) &&
    check(filters.start_date_lte, startDay, false) &&
    check(filters.end_date_gte, endDay, true) &&
    check(filters.end_date_lte, endDay, false)
  );
}

/** Indices of matching records in serving order. */
export function computePaygMatches(dataset: Dataset, filters: PaygFilters, ordering: OrderingKey[]): Int32Array {
  const total = paygRecordCount(dataset);
  const generated = dataset.payg.generatedCount;
  const mask = loanMask(dataset, filters);
  const status = filters.status;
  const [wLo, wHi] = weekBounds(dataset, filters);
  const [a, b] = paygWeekIndexRange(dataset, wLo, wHi);
  const out = new Int32Array(b - a + (total - generated));
  let m = 0;
  for (let w = wLo; w <= wHi && b > a; w++) {
    const [first, next] = paygWeekIndexRange(dataset, w, w);
    for (let index = first; index < next; index++) {
      if (mask && mask[index - first] !== 1) continue;
      if (status !== undefined && paygStatusAt(dataset, index) !== status) continue;
      out[m++] = index;
    }
  }
  for (let index = generated; index < total; index++) {
    const place = paygPlacement(dataset, index);
    if (mask && mask[place.loanIndex] !== 1) continue;
    if (!dateOk(filters, place.startDay)) continue;
    if (status !== undefined && paygStatusAt(dataset, index) !== status) continue;
    out[m++] = index;
  }
  const matches = out.subarray(0, m);

  // Index order is id order and created_at order (both increase with creation).
  const first = ordering[0];
  if (first && (first.field === 'id' || first.field === 'created_at')) {
    if (first.descending) matches.reverse();
    return matches.slice();
  }

  // General case: one numeric key array per ordering key, then a permutation sort.
  const keys = ordering.map((key) => {
    const values = new Float64Array(m);
    if (key.field === 'loanName' || key.field === 'currency' || key.field === 'funding_source') {
      const ranks = loanRanks(dataset, key.field);
      for (let i = 0; i < m; i++) values[i] = ranks[paygPlacement(dataset, matches[i] ?? 0).loanIndex] ?? 0;
    } else if (key.field === 'start_date' || key.field === 'end_date') {
      for (let i = 0; i < m; i++) values[i] = paygPlacement(dataset, matches[i] ?? 0).startDay;
    } else if (key.field === 'status') {
      const labels = Array.from(matches, (index) => paygStatusAt(dataset, index));
      const distinct = [...new Set(labels)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const rank = new Map(distinct.map((t, i) => [t, i]));
      labels.forEach((label, i) => {
        values[i] = rank.get(label) ?? 0;
      });
    } else if (key.field === 'totalAmountIncMaintenanceFee') {
      for (let i = 0; i < m; i++) values[i] = paygRecordView(dataset, matches[i] ?? 0)?.amountMinor ?? 0;
    } else {
      for (let i = 0; i < m; i++) values[i] = matches[i] ?? 0;
    }
    return { values, sign: key.descending ? -1 : 1 };
  });
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  perm.sort((x, y) => {
    for (const k of keys) {
      const d = (k.values[x] ?? 0) - (k.values[y] ?? 0);
      if (d !== 0) return d * k.sign;
    }
    return (matches[x] ?? 0) - (matches[y] ?? 0);
  });
  const sorted = new Int32Array(m);
  for (let i = 0; i < m; i++) sorted[i] = matches[perm[i] ?? 0] ?? 0;
  return sorted;
}

function pageUrl(base: string, url: URL, page: number): string {
  const params = new URLSearchParams(url.searchParams);
  if (page <= 1) params.delete('page');
  else params.set('page', String(page));
  const query = params.toString();
  return `${base}${url.pathname}${query ? `?${query}` : ''}`;
}

function authenticate(ctx: SandboxContext, authorization: string | undefined): SandboxResponse | null {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' };
  const parts = authorization?.trim().split(/\s+/) ?? [];
  if (parts.length === 0 || parts[0] === '' || (parts[0] ?? '').toLowerCase() !== 'bearer') {
    return json(401, { detail: 'Authentication credentials were not provided.' }, challenge);
  }
  if (parts.length === 1) return json(401, { detail: 'Invalid token header. No credentials provided.' }, challenge);
  if (parts.length > 2) return json(401, { detail: 'Invalid token header. Token string should not contain spaces.' }, challenge);
  if (parts[1] !== ctx.paygApiKey) return json(401, { detail: 'Invalid token.' }, challenge);
  return null;
}

export interface PaygRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Handles one PAYG request (after transport-level faults). `base` is "http://host:port". */
export function handlePayg(ctx: SandboxContext, req: PaygRequest, url: URL, base: string): SandboxResponse {
  const path = url.pathname.replace(/\/+$/, '');
  const detail = path.startsWith(`${PAYG_LIST_PATH}/`) ? path.slice(PAYG_LIST_PATH.length + 1) : null;
  if (path !== PAYG_LIST_PATH && (detail === null || detail.includes('/'))) return json(404, { detail: 'Not found.' });
  const auth = req.headers['authorization'];
  const denied = authenticate(ctx, Array.isArray(auth) ? auth[0] : auth);
  if (denied) return denied;
  if (req.method !== 'GET') return json(405, { detail: `Method "${req.method}" not allowed.` }, { Allow: 'GET' });

  const dataset = ctx.dataset;
  if (detail !== null) {
    if (!/^\d+$/.test(detail)) return json(404, { detail: 'Not found.' });
    const view = paygRecordView(dataset, Number(detail) - dataset.payg.firstId);
    return view ? json(200, toPaygRecord(view)) : json(404, { detail: 'Not found.' });
  }

  const parsed = parsePaygListParams(url.searchParams, ctx.paygLimitCap);
  if (!parsed.ok) return json(parsed.status, parsed.body);
  const { filters, ordering, limit } = parsed;

  const create = ctx.faults.createWhilePaging;
  if (create > 0 && ctx.faults.scope !== 'portal' && dataset.payg.loans.length > 0) {
    createPaygRecords(dataset, { count: create, atMs: ctx.clock() });
    ctx.stats.faults.createdWhilePaging += create;
  }

  const key = JSON.stringify([filters.search, filters.currency, filters.status, filters.funding_source,
    filters.start_date_gte, filters.start_date_lte, filters.end_date_gte, filters.end_date_lte,
    ordering.map((o) => `${o.descending ? '-' : ''}${o.field}`).join(',')]);
  let entry = ctx.paygQueryCache.get(key);
  if (!entry || entry.version !== dataset.version) {
    entry = { version: dataset.version, indices: computePaygMatches(dataset, filters, ordering) };
    ctx.paygQueryCache.delete(key);
    ctx.paygQueryCache.set(key, entry);
    while (ctx.paygQueryCache.size > 32) {
      const oldest = ctx.paygQueryCache.keys().next().value;
      if (oldest === undefined) break;
      ctx.paygQueryCache.delete(oldest);
    }
  }
  const indices = entry.indices;
  const count = indices.length;
  const pages = Math.max(1, Math.ceil(count / limit));
  const page = parsed.page === Number.POSITIVE_INFINITY ? pages : parsed.page;
  if (page > pages) return json(404, { detail: 'Invalid page.' });
  const slice = indices.subarray((page - 1) * limit, Math.min(count, page * limit));
  const next = page < pages ? JSON.stringify(pageUrl(base, url, page + 1)) : 'null';
  const previous = page > 1 ? JSON.stringify(pageUrl(base, url, page - 1)) : 'null';
  const head = `{"count":${count},"next":${next},"previous":${previous},"results":[`;

  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', Vary: 'Accept, Authorization', Allow: 'GET' },
    body: function* render(): Iterable<string> {
      let chunk = head;
      for (let i = 0; i < slice.length; i++) {
        const view = paygRecordView(dataset, slice[i] ?? 0);
        if (!view) continue;
        chunk += (i > 0 ? ',' : '') + JSON.stringify(toPaygRecord(view));
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}]}`;
    },
  };
}
