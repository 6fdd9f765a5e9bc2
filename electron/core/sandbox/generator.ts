/**
 * Deterministic, lazily computed data behind both sandbox APIs.
 *
 * Nothing large is materialised up front:
 * - Portal: every (provider, day) figure is a pure function of (seed, tenant, provider, day), so it can
 *   be recomputed at will. For serving, each tenant gets one Float64Array of per-provider prefix sums
 *   (8 metrics × (days + 1) per provider), built on first use, so any date range aggregates in
 *   O(providers). 2,000 providers × 1 year is ~47 MB; the demo (40 providers × 2 years) ~2 MB.
 * - PAYG: billing periods are numbered 0…N-1 in creation order (id = firstId + index). Loans are sorted
 *   by the week they start, so the loans active in week w are loans 0…active(w)-1 and the index of
 *   (week, loan) is weekStart[w] + loan. A record is computed from its index on demand; 1,000,000
 *   periods cost a few small typed arrays.
 *
 * Restatements and new records are kept in small override maps; `dataset.version` increases with every
 * mutation (the server uses it to invalidate its PAYG query cache; the portal cache deliberately keeps
 * serving the old body until its TTL passes, as upstream does).
 */

import {
  DAY_MS,
  dayOfWeek,
  formatIsoDate,
  isoTimestamp,
  mondayOnOrAfter,
  mondayOnOrBefore,
  requireIsoDate,
  sundayOnOrBefore,
} from './calendar.ts';
import { divFloor, formatMinor, mulDivFloor } from './money.ts';
import { ACME_PROVIDER_NAMES, BAJIO_PROVIDER_NAMES, generatedProviderName, loanName } from './names.ts';
import { hash32, unitAt } from './random.ts';

// ---------------------------------------------------------------------------------------------------
// Options and defaults
// ---------------------------------------------------------------------------------------------------

export const DEFAULT_SEED = 42;
/** Default data range: 104 whole weeks, Monday 2024-11-18 to Sunday 2026-11-15. */
export const DEFAULT_FROM = '2024-11-18';
export const DEFAULT_TO = '2026-11-15';
/** The first PAYG id (the upstream docs' example record is 5001). */
export const DEFAULT_FIRST_PAYG_ID = 5001;

export interface TenantSpec {
  /** Tenant id as sent in the `tenant` header, e.g. "acme-logistics". */
  id: string;
  /** Display name. */
  name?: string;
  /** The tenant's single currency (ISO 4217). */
  currency: string;
  /** Number of providers for this tenant (default: `portal.providers`). */
  providers?: number;
}

export const DEFAULT_TENANTS: readonly TenantSpec[] = [
  { id: 'acme-logistics', name: 'Acme Logistics', currency: 'COP' },
  { id: 'fletes-bajio', name: 'Fletes del Bajío', currency: 'MXN', providers: 15 },
];

export interface PortalOptions {
  /** Tenants (default: `acme-logistics` in COP with 40 providers, `fletes-bajio` in MXN with 15). */
  tenants?: readonly TenantSpec[];
  /** Providers per tenant unless the tenant says otherwise (default 40). */
  providers?: number;
  /** First and last day with data, inclusive (default 2024-11-18 … 2026-11-15). */
  from?: string;
  to?: string;
  /** Plant the per-provider upstream inconsistencies (default true). See `portalInconsistencies`. */
  inconsistencies?: boolean;
  /** Serve a grand_total that is not the sum of its rows (default false; switchable later). */
  grandTotalMismatch?: boolean;
}

export interface PaygOptions {
  /** Number of loans (default 60). */
  loans?: number;
  /** Range of the weekly billing periods; `from` is moved to a Monday, `to` back to a Sunday. */
  from?: string;
  to?: string;
  /** Currencies of the loans, all 2-decimal (default NGN, KES, GHS, USD). */
  currencies?: readonly string[];
  /** Funding programmes (the `funding_source` field and filter). */
  fundingSources?: readonly string[];
  /**
   * Exact total number of billing periods (loans start staggered so that the total is exactly this;
   * needs loans ≤ periods ≤ loans × weeks). Default: about 70 % of loans × weeks.
   */
  periods?: number;
  /** Add records with an unknown status label and an unreadable amount, at known ids (default false). */
  badRecords?: boolean;
  /** "Now" for statuses, as an ISO timestamp (default: the Monday after `to`, 12:00Z). */
  asOf?: string;
  /** Id of the first billing period (default 5001). */
  firstId?: number;
}

export interface DatasetOptions {
  seed?: number;
  portal?: PortalOptions;
  payg?: PaygOptions;
}

// ---------------------------------------------------------------------------------------------------
// Public data types
// ---------------------------------------------------------------------------------------------------

/** How a provider's self-reported totals relate to the invoiced ones. */
export type ProviderBias = 'equal' | 'higher' | 'lower' | 'cents';

/**
 * Upstream inconsistencies planted on purpose (per provider, so they show in any range where the
 * provider has activity):
 * - `paid-plus-pending`: pending_payment is 10.00 too high on every active day → paid + pending ≠ invoiced.
 * - `status-counts`: one extra invoice "in review" per active day → approved + rejected + review ≠ task_count.
 * - `approval-rate`: approval_rate is served as a 0–1 fraction (approved / task_count, 2 decimals)
 *   instead of a percentage; the provider always has ≥ 1 approval per active day so it always differs.
 */
export type PortalInconsistencyKind = 'paid-plus-pending' | 'status-counts' | 'approval-rate';

export interface PlantedInconsistency {
  tenant: string;
  providerId: string;
  providerName: string;
  kind: PortalInconsistencyKind;
}

export interface PortalProvider {
  readonly index: number;
  /** String id, e.g. "504210987600" (one per tenant has leading zeros: never parse it as a number). */
  readonly id: string;
  readonly name: string;
  /** First day offset (from `portal.from`) with possible activity, and the exclusive last one. */
  readonly joinDay: number;
  readonly leaveDay: number;
  readonly weekdayActivity: number;
  readonly weekendActivity: number;
  readonly maxTasksPerDay: number;
  readonly rateMinor: number;
  readonly wholeUnits: boolean;
  readonly bias: ProviderBias;
  readonly inconsistency: PortalInconsistencyKind | null;
}

export interface PortalTenant {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly providers: readonly PortalProvider[];
  /** Mondays of the weeks in which no provider of the tenant has any activity (holiday shutdowns). */
  readonly quietWeeks: readonly string[];
  readonly inconsistencies: readonly PlantedInconsistency[];
}

export interface PortalData {
  readonly from: string;
  readonly to: string;
  readonly fromDay: number;
  readonly toDay: number;
  readonly days: number;
  readonly tenants: readonly PortalTenant[];
  /** When true, grand_total.total_invoiced is served 0.01 above the sum of the rows (when there are rows). */
  grandTotalMismatch: boolean;
}

/** The figures of one provider on one day (or summed over a range), all integers (amounts in minor units). */
export interface DayFigures {
  taskCount: number;
  invoicedMinor: number;
  providerMinor: number;
  paidMinor: number;
  pendingMinor: number;
  approvedCount: number;
  rejectedCount: number;
  reviewCount: number;
}

export const PAYG_STATUS_LABELS = [
  'DRAFT',
  'SENT_TO_PAYMENT_SERVICE',
  'PENDING',
  'PAYMENT_COMPLETE',
  'PAYMENT_FAILED',
] as const;
export type PaygStatusLabel = (typeof PAYG_STATUS_LABELS)[number];

/** Numeric status codes the sandbox sends next to the label (clients should key on the label). */
export const PAYG_STATUS_CODES: Readonly<Record<PaygStatusLabel, number>> = {
  DRAFT: 1,
  SENT_TO_PAYMENT_SERVICE: 2,
  PENDING: 3,
  PAYMENT_COMPLETE: 4,
  PAYMENT_FAILED: 5,
};
/** Code sent with a status label the documentation does not list (bad records, restatements). */
export const UNKNOWN_STATUS_CODE = 99;

export function isPaygStatusLabel(label: string): label is PaygStatusLabel {
  return (PAYG_STATUS_LABELS as readonly string[]).includes(label);
}

export interface PaygLoan {
  readonly index: number;
  readonly name: string;
  readonly currency: string;
  readonly fundingSource: string;
  /** Week (from `payg.from`) of the loan's first billing period. */
  readonly startWeek: number;
  readonly weeklyBaseMinor: number;
}

/** A billing period exactly as the PAYG API serves it. */
export interface PaygRecord {
  id: number;
  loanName: string;
  start_date: string;
  end_date: string;
  status: { code: number; label: string };
  currency: string;
  totalAmountIncMaintenanceFee: string;
  funding_source: string;
  created_at: string;
}

export type PaygBadRecordKind = 'unknown-status' | 'unreadable-amount';
export interface PaygBadRecord {
  id: number;
  kind: PaygBadRecordKind;
  /** The served status label or amount text. */
  raw: string;
}

export interface PaygData {
  readonly from: string;
  readonly to: string;
  readonly fromDay: number;
  readonly weeks: number;
  readonly firstId: number;
  readonly loans: readonly PaygLoan[];
  readonly currencies: readonly string[];
  readonly fundingSources: readonly string[];
  /** Number of generated periods (records created later come on top: see `paygRecordCount`). */
  readonly generatedCount: number;
  /** "Now" for the status life cycle, in ms (change it with `advancePaygClock`). */
  readonly asOfMs: number;
  readonly badRecords: readonly PaygBadRecord[];
}

export interface Dataset {
  readonly seed: number;
  readonly portal: PortalData;
  readonly payg: PaygData;
  /** Increases with every mutation. */
  readonly version: number;
}

// ---------------------------------------------------------------------------------------------------
// Internal state (kept out of the public objects)
// ---------------------------------------------------------------------------------------------------

/** Metric order in the prefix-sum arrays. */
const METRICS = 8;
const M_TASK = 0;
const M_INV = 1;
const M_PROV = 2;
const M_PAID = 3;
const M_PEND = 4;
const M_APPR = 5;
const M_REJ = 6;
const M_REV = 7;

interface TenantState {
  readonly tenant: PortalTenant;
  readonly byId: Map<string, number>;
  readonly quietDays: Uint8Array;
  /** Restated day figures, keyed by providerIndex * days + day. */
  readonly overrides: Map<number, DayFigures>;
  /** Lazily built prefix sums: [(provider * (days + 1) + day) * METRICS + metric]. */
  prefix: Float64Array | null;
}

interface PaygOverride {
  statusLabel?: string;
  amountMinor?: number;
  amountRaw?: string;
}

interface PaygExtra {
  loanIndex: number;
  startDay: number;
  amountMinor: number;
  createdAtMs: number;
}

interface DatasetState {
  readonly tenants: Map<string, TenantState>;
  readonly weekStart: Float64Array;
  readonly paygOverrides: Map<number, PaygOverride>;
  readonly extras: PaygExtra[];
  lastCreatedAtMs: number;
}

/** The mutable shape behind the readonly public interfaces. */
interface MutableDataset {
  seed: number;
  portal: PortalData;
  payg: PaygData & { asOfMs: number };
  version: number;
}

const STATE = new WeakMap<Dataset, DatasetState>();

function stateOf(dataset: Dataset): DatasetState {
  const state = STATE.get(dataset);
  if (!state) throw new TypeError('Not a sandbox dataset (create it with generateDataset)');
  return state;
}

function bump(dataset: Dataset): void {
  (dataset as MutableDataset).version += 1;
}

// ---------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------

/** Scale of amounts by currency: [min, max] major units per task (portal) or per week (PAYG). */
const PORTAL_RATE_SCALE: Readonly<Record<string, readonly [number, number, number]>> = {
  // [min, max, step] in major units
  COP: [60_000, 900_000, 100],
  MXN: [600, 9_000, 10],
  USD: [40, 400, 1],
};
const PAYG_WEEKLY_SCALE: Readonly<Record<string, readonly [number, number]>> = {
  NGN: [40_000, 250_000],
  KES: [4_000, 30_000],
  GHS: [500, 3_000],
  USD: [40, 400],
};

const PROVIDER_ID_BASES = [504210987600, 730155002100];
const PLANTED_AT: readonly (readonly [number, PortalInconsistencyKind])[] = [
  [7, 'paid-plus-pending'],
  [13, 'status-counts'],
  [21, 'approval-rate'],
];
const FORCED_BIAS: readonly ProviderBias[] = ['higher', 'lower', 'cents', 'equal'];

function checkCount(value: number, what: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${what} must be an integer >= ${min}, got ${value}`);
  return value;
}

function providerId(tenantIndex: number, providerIndex: number): string {
  const base = PROVIDER_ID_BASES[tenantIndex] ?? 800_000_000_000 + tenantIndex * 10_000_000;
  const id = String(base + providerIndex);
  // One provider per tenant has an id with leading zeros, like many real tax ids.
  return providerIndex === 5 ? `00${id.slice(2)}` : id;
}

function providerNameFor(seed: number, tenantIndex: number, tenantId: string, index: number): string {
  const curated =
    tenantId === 'acme-logistics' ? ACME_PROVIDER_NAMES : tenantId === 'fletes-bajio' ? BAJIO_PROVIDER_NAMES : [];
  return curated[index] ?? generatedProviderName(seed, tenantIndex, index);
}

function buildTenant(seed: number, spec: TenantSpec, tenantIndex: number, providerCount: number, days: number,
  fromDay: number, plant: boolean): { tenant: PortalTenant; quietDays: Uint8Array } {
  const planted = new Map<number, PortalInconsistencyKind>();
  if (plant) {
    PLANTED_AT.forEach(([at, kind], k) => {
      const index = at < providerCount ? at : providerCount - 1 - k;
      if (index >= 0 && !planted.has(index)) planted.set(index, kind);
    });
  }
  const scale = PORTAL_RATE_SCALE[spec.currency] ?? [100, 2_000, 1];
  const providers: PortalProvider[] = [];
  for (let p = 0; p < providerCount; p++) {
    const h = hash32(seed, 'provider', tenantIndex, p);
    const inconsistency = planted.get(p) ?? null;
    const steady = p < 3 || inconsistency !== null;
    const joinDay = steady || unitAt(h, 0) < 0.7 ? 0 : Math.floor(unitAt(h, 1) * 0.7 * days);
    const leaveDay =
      !steady && unitAt(h, 2) < 0.08
        ? joinDay + Math.max(1, Math.floor((days - joinDay) * (0.3 + 0.6 * unitAt(h, 3))))
        : days;
    const [minMajor, maxMajor, step] = scale;
    const steps = Math.floor((maxMajor - minMajor) / step);
    const rateMajor = minMajor + step * Math.floor(unitAt(h, 7) * (steps + 1));
    const biasDraw = unitAt(h, 9);
    const bias: ProviderBias =
      FORCED_BIAS[p] ?? (biasDraw < 0.2 ? 'equal' : biasDraw < 0.5 ? 'higher' : biasDraw < 0.8 ? 'lower' : 'cents');
    providers.push({
      index: p,
      id: providerId(tenantIndex, p),
      name: providerNameFor(seed, tenantIndex, spec.id, p),
      joinDay,
      leaveDay: Math.min(leaveDay, days),
      weekdayActivity: steady ? 0.75 + 0.2 * unitAt(h, 4) : 0.45 + 0.45 * unitAt(h, 4),
      weekendActivity: 0.05 + 0.25 * unitAt(h, 5),
      maxTasksPerDay: 1 + Math.floor(unitAt(h, 6) * 6),
      rateMinor: rateMajor * 100,
      wholeUnits: unitAt(h, 8) >= 0.3,
      bias,
      inconsistency,
    });
  }

  // Quiet weeks: the week of each 25 December, and the week at 40 % of the range (a "system migration").
  const toDay = fromDay + days - 1;
  const quietMondays = new Set<number>();
  const firstYear = new Date(fromDay * DAY_MS).getUTCFullYear();
  const lastYear = new Date(toDay * DAY_MS).getUTCFullYear();
  for (let y = firstYear; y <= lastYear; y++) {
    quietMondays.add(mondayOnOrBefore(Math.floor(Date.UTC(y, 11, 25) / DAY_MS)));
  }
  quietMondays.add(mondayOnOrBefore(fromDay + Math.floor(days * 0.4)));
  const quietDays = new Uint8Array(days);
  const quietWeeks: string[] = [];
  for (const monday of [...quietMondays].sort((a, b) => a - b)) {
    if (monday < fromDay || monday + 6 > toDay) continue;
    quietWeeks.push(formatIsoDate(monday));
    for (let d = 0; d < 7; d++) quietDays[monday - fromDay + d] = 1;
  }

  const tenant: PortalTenant = {
    index: tenantIndex,
    id: spec.id,
    name: spec.name ?? spec.id,
    currency: spec.currency,
    providers,
    quietWeeks,
    inconsistencies: providers
      .filter((p) => p.inconsistency !== null)
      .map((p) => ({ tenant: spec.id, providerId: p.id, providerName: p.name, kind: p.inconsistency as PortalInconsistencyKind })),
  };
  return { tenant, quietDays };
}

/** Loan start weeks, nondecreasing in loan index, summing to exactly `deficit` missing periods. */
function staggeredStartWeeks(loans: number, weeks: number, deficit: number): Int32Array {
  const maxOffset = weeks - 1;
  const offsets = new Int32Array(loans);
  if (loans === 1) {
    offsets[0] = deficit;
    return offsets;
  }
  const slope = (2 * deficit) / (loans * (loans - 1));
  let sum = 0;
  for (let i = 0; i < loans; i++) {
    const o = Math.min(maxOffset, Math.floor(slope * i));
    offsets[i] = o;
    sum += o;
  }
  let diff = deficit - sum;
  for (let i = loans - 1; i >= 0 && diff > 0; i--) {
    const add = Math.min(diff, maxOffset - (offsets[i] ?? 0));
    offsets[i] = (offsets[i] ?? 0) + add;
    diff -= add;
  }
  for (let i = 0; i < loans && diff < 0; i++) {
    const sub = Math.min(-diff, offsets[i] ?? 0);
    offsets[i] = (offsets[i] ?? 0) - sub;
    diff += sub;
  }
  return offsets;
}

/**
 * Builds a dataset. Cheap for any size: portal prefix sums are built on first use, PAYG records are
 * computed on demand.
 */
export function generateDataset(options: DatasetOptions = {}): Dataset {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);

  // Portal
  const po = options.portal ?? {};
  const pFromDay = requireIsoDate(po.from ?? DEFAULT_FROM, 'portal.from');
  const pToDay = requireIsoDate(po.to ?? DEFAULT_TO, 'portal.to');
  if (pToDay < pFromDay) throw new RangeError('portal.to must be on or after portal.from');
  const days = pToDay - pFromDay + 1;
  const specs = po.tenants ?? DEFAULT_TENANTS;
  const tenantIds = new Set<string>();
  const tenantStates = new Map<string, TenantState>();
  const tenants: PortalTenant[] = [];
  specs.forEach((spec, t) => {
    if (tenantIds.has(spec.id)) throw new RangeError(`duplicate tenant ${spec.id}`);
    tenantIds.add(spec.id);
    const count = checkCount(spec.providers ?? po.providers ?? 40, `providers of ${spec.id}`, 0);
    const { tenant, quietDays } = buildTenant(seed, spec, t, count, days, pFromDay, po.inconsistencies ?? true);
    tenants.push(tenant);
    tenantStates.set(spec.id, {
      tenant,
      byId: new Map(tenant.providers.map((p) => [p.id, p.index])),
      quietDays,
      overrides: new Map(),
      prefix: null,
    });
  });

  // PAYG
  const go = options.payg ?? {};
  const gFromDay = mondayOnOrAfter(requireIsoDate(go.from ?? DEFAULT_FROM, 'payg.from'));
  const gToDay = sundayOnOrBefore(requireIsoDate(go.to ?? DEFAULT_TO, 'payg.to'));
  const weeks = Math.max(0, Math.floor((gToDay - gFromDay + 1) / 7));
  const loanCount = checkCount(go.loans ?? 60, 'payg.loans', 0);
  const currencies = go.currencies ?? ['NGN', 'KES', 'GHS', 'USD'];
  if (currencies.length === 0) throw new RangeError('payg.currencies must not be empty');
  const fundingSources = go.fundingSources ?? ['AFDB-2024', 'Own book', 'IFC-AgriFin', 'Mastercard-Fdn'];
  if (fundingSources.length === 0) throw new RangeError('payg.fundingSources must not be empty');
  const full = loanCount * weeks;
  let deficit: number;
  if (go.periods !== undefined) {
    checkCount(go.periods, 'payg.periods', 0);
    if (go.periods > full || (weeks > 0 && go.periods < loanCount)) {
      throw new RangeError(`payg.periods must be between loans (${loanCount}) and loans × weeks (${full}), got ${go.periods}`);
    }
    deficit = full - go.periods;
  } else {
    deficit = Math.min(loanCount * Math.max(0, weeks - 1), Math.floor(full * 0.3));
  }
  const startWeeks = weeks > 0 ? staggeredStartWeeks(loanCount, weeks, deficit) : new Int32Array(loanCount);
  const loans: PaygLoan[] = [];
  for (let i = 0; i < loanCount; i++) {
    const h = hash32(seed, 'loan', i);
    const currency =
      i < currencies.length ? (currencies[i] as string) : (currencies[Math.floor(unitAt(h, 0) * currencies.length)] as string);
    const fundingSource =
      i < fundingSources.length
        ? (fundingSources[(i + 1) % fundingSources.length] as string)
        : (fundingSources[Math.floor(unitAt(h, 1) * fundingSources.length)] as string);
    const [minMajor, maxMajor] = PAYG_WEEKLY_SCALE[currency] ?? [100, 1_000];
    const baseMajor = minMajor + Math.floor(unitAt(h, 2) * (maxMajor - minMajor + 1));
    loans.push({
      index: i,
      name: loanName(seed, i),
      currency,
      fundingSource,
      startWeek: startWeeks[i] ?? 0,
      weeklyBaseMinor: baseMajor * 100,
    });
  }
  const weekStart = new Float64Array(weeks + 1);
  let active = 0;
  for (let w = 0; w < weeks; w++) {
    while (active < loanCount && (startWeeks[active] ?? 0) <= w) active++;
    weekStart[w + 1] = (weekStart[w] ?? 0) + active;
  }
  const generatedCount = weekStart[weeks] ?? 0;
  const firstId = checkCount(go.firstId ?? DEFAULT_FIRST_PAYG_ID, 'payg.firstId', 1);
  const asOfMs =
    go.asOf !== undefined ? Date.parse(go.asOf) : (gToDay + 1) * DAY_MS + 12 * 3_600_000;
  if (!Number.isFinite(asOfMs)) throw new RangeError(`payg.asOf must be an ISO timestamp, got ${go.asOf}`);

  const paygOverrides = new Map<number, PaygOverride>();
  const badRecords: PaygBadRecord[] = [];
  if (go.badRecords === true && generatedCount > 0) {
    const plan: readonly [number, PaygBadRecordKind, string][] = [
      [0.25, 'unknown-status', 'REFUNDED'],
      [0.4, 'unreadable-amount', '12,5O0.00'],
      [0.6, 'unknown-status', 'ON_HOLD'],
      [0.8, 'unreadable-amount', 'N/A'],
    ];
    for (const [at, kind, raw] of plan) {
      const index = Math.floor(generatedCount * at);
      if (paygOverrides.has(index)) continue;
      paygOverrides.set(index, kind === 'unknown-status' ? { statusLabel: raw } : { amountRaw: raw });
      badRecords.push({ id: firstId + index, kind, raw });
    }
  }

  const lastCreatedAtMs = generatedCount > 0 ? generatedCreatedAt(gFromDay, weeks - 1, active - 1, active) : 0;

  const dataset: MutableDataset = {
    seed,
    version: 0,
    portal: {
      from: formatIsoDate(pFromDay),
      to: formatIsoDate(pToDay),
      fromDay: pFromDay,
      toDay: pToDay,
      days,
      tenants,
      grandTotalMismatch: po.grandTotalMismatch ?? false,
    },
    payg: {
      from: formatIsoDate(gFromDay),
      to: formatIsoDate(gFromDay + weeks * 7 - 1),
      fromDay: gFromDay,
      weeks,
      firstId,
      loans,
      currencies: [...currencies],
      fundingSources: [...fundingSources],
      generatedCount,
      asOfMs,
      badRecords,
    },
  };
  STATE.set(dataset, {
    tenants: tenantStates,
    weekStart,
    paygOverrides,
    extras: [],
    lastCreatedAtMs,
  });
  return dataset;
}

// ---------------------------------------------------------------------------------------------------
// Portal figures
// ---------------------------------------------------------------------------------------------------

const ZERO_FIGURES: DayFigures = Object.freeze({
  taskCount: 0,
  invoicedMinor: 0,
  providerMinor: 0,
  paidMinor: 0,
  pendingMinor: 0,
  approvedCount: 0,
  rejectedCount: 0,
  reviewCount: 0,
});

/** The generated (un-restated) figures of one provider on one day offset. Pure. */
function generatedDayFigures(seed: number, portal: PortalData, tenant: PortalTenant, quietDays: Uint8Array,
  provider: PortalProvider, d: number): DayFigures {
  if (d < provider.joinDay || d >= provider.leaveDay || quietDays[d] === 1) return ZERO_FIGURES;
  const day = portal.fromDay + d;
  const h = hash32(seed, 'day', tenant.index, provider.index, d);
  const weekend = dayOfWeek(day) >= 5;
  if (unitAt(h, 0) >= (weekend ? provider.weekendActivity : provider.weekdayActivity)) return ZERO_FIGURES;

  const tasks = 1 + Math.floor(unitAt(h, 1) * provider.maxTasksPerDay);
  let invoiced = mulDivFloor(provider.rateMinor * tasks, 85 + Math.floor(unitAt(h, 2) * 31), 100);
  if (provider.wholeUnits) invoiced = divFloor(invoiced, 100) * 100;

  let reported = invoiced;
  const b = unitAt(h, 3);
  const size = unitAt(h, 4);
  switch (provider.bias) {
    case 'equal':
      break;
    case 'higher':
      if (b < 0.4) reported = invoiced + divFloor(mulDivFloor(invoiced, 1 + Math.floor(size * 8), 100), 100) * 100;
      break;
    case 'lower':
      if (b < 0.4) reported = invoiced - divFloor(mulDivFloor(invoiced, 1 + Math.floor(size * 5), 100), 100) * 100;
      break;
    case 'cents': {
      const cents = 1 + Math.floor(size * 99);
      if (b < 0.35) reported = unitAt(h, 5) < 0.5 ? invoiced + cents : Math.max(0, invoiced - cents);
      break;
    }
  }

  // Approvals: recent days still have invoices in review.
  const age = portal.days - 1 - d;
  let rejected = 0;
  let review = 0;
  for (let t = 0; t < tasks; t++) {
    const u = unitAt(h, 10 + t);
    if (u < 0.07) rejected++;
    else if (u < 0.07 + (age <= 21 ? 0.3 : 0.01)) review++;
  }
  if (provider.inconsistency === 'approval-rate' && rejected + review >= tasks) {
    if (review > 0) review--;
    else rejected--;
  }
  const approved = tasks - rejected - review;

  // Payments: old days are (almost always) fully paid, recent ones mostly pending.
  const p = unitAt(h, 6);
  const partial = mulDivFloor(invoiced, 30 + Math.floor(unitAt(h, 7) * 61), 100);
  let paid: number;
  if (age > 45) paid = p < 0.95 ? invoiced : partial;
  else if (age > 10) paid = p < 0.5 ? invoiced : partial;
  else paid = p < 0.8 ? 0 : partial;
  let pending = invoiced - paid;

  if (provider.inconsistency === 'paid-plus-pending') pending += 1_000;
  if (provider.inconsistency === 'status-counts') review += 1;

  return {
    taskCount: tasks,
    invoicedMinor: invoiced,
    providerMinor: reported,
    paidMinor: paid,
    pendingMinor: pending,
    approvedCount: approved,
    rejectedCount: rejected,
    reviewCount: review,
  };
}

function tenantState(dataset: Dataset, tenantId: string): TenantState {
  const ts = stateOf(dataset).tenants.get(tenantId);
  if (!ts) throw new RangeError(`unknown tenant ${tenantId}`);
  return ts;
}

/** Current figures (restated or generated) by internal indices. */
function currentDayFigures(dataset: Dataset, ts: TenantState, providerIndex: number, d: number): DayFigures {
  const restated = ts.overrides.get(providerIndex * dataset.portal.days + d);
  if (restated) return restated;
  const provider = ts.tenant.providers[providerIndex];
  if (!provider) throw new RangeError(`no provider ${providerIndex}`);
  return generatedDayFigures(dataset.seed, dataset.portal, ts.tenant, ts.quietDays, provider, d);
}

function figuresToArray(f: DayFigures): readonly number[] {
  return [f.taskCount, f.invoicedMinor, f.providerMinor, f.paidMinor, f.pendingMinor, f.approvedCount, f.rejectedCount, f.reviewCount];
}

function ensurePrefix(dataset: Dataset, ts: TenantState): Float64Array {
  if (ts.prefix) return ts.prefix;
  const days = dataset.portal.days;
  const stride = (days + 1) * METRICS;
  const prefix = new Float64Array(ts.tenant.providers.length * stride);
  for (let p = 0; p < ts.tenant.providers.length; p++) {
    const base = p * stride;
    for (let d = 0; d < days; d++) {
      const f = currentDayFigures(dataset, ts, p, d);
      const at = base + d * METRICS;
      prefix[at + METRICS + M_TASK] = (prefix[at + M_TASK] ?? 0) + f.taskCount;
      prefix[at + METRICS + M_INV] = (prefix[at + M_INV] ?? 0) + f.invoicedMinor;
      prefix[at + METRICS + M_PROV] = (prefix[at + M_PROV] ?? 0) + f.providerMinor;
      prefix[at + METRICS + M_PAID] = (prefix[at + M_PAID] ?? 0) + f.paidMinor;
      prefix[at + METRICS + M_PEND] = (prefix[at + M_PEND] ?? 0) + f.pendingMinor;
      prefix[at + METRICS + M_APPR] = (prefix[at + M_APPR] ?? 0) + f.approvedCount;
      prefix[at + METRICS + M_REJ] = (prefix[at + M_REJ] ?? 0) + f.rejectedCount;
      prefix[at + METRICS + M_REV] = (prefix[at + M_REV] ?? 0) + f.reviewCount;
    }
  }
  ts.prefix = prefix;
  return prefix;
}

export function getPortalTenant(dataset: Dataset, tenantId: string): PortalTenant | undefined {
  return stateOf(dataset).tenants.get(tenantId)?.tenant;
}

export function getPortalProvider(dataset: Dataset, tenantId: string, providerIdValue: string): PortalProvider | undefined {
  const ts = stateOf(dataset).tenants.get(tenantId);
  const index = ts?.byId.get(providerIdValue);
  return index === undefined ? undefined : ts?.tenant.providers[index];
}

/**
 * The current figures (including restatements) of one provider on one calendar day; zeros outside the
 * data range. This is the raw material for the expected answers.
 */
export function portalDayFigures(dataset: Dataset, tenantId: string, providerIdValue: string, date: string): DayFigures {
  const ts = tenantState(dataset, tenantId);
  const index = ts.byId.get(providerIdValue);
  if (index === undefined) throw new RangeError(`unknown provider ${providerIdValue} for tenant ${tenantId}`);
  const d = requireIsoDate(date, 'date') - dataset.portal.fromDay;
  if (d < 0 || d >= dataset.portal.days) return { ...ZERO_FIGURES };
  return { ...currentDayFigures(dataset, ts, index, d) };
}

/** One provider's figures summed over a day range, as the server computes them (prefix sums). */
export interface PortalAggregate {
  provider: PortalProvider;
  sums: DayFigures;
}

/**
 * Aggregates every provider (or the given ids; unknown ids are ignored) over [fromDay, toDay] (epoch
 * days, clamped to the data range) in O(providers). Providers whose figures are all zero are left out.
 * Result in provider index order.
 */
export function aggregatePortal(dataset: Dataset, tenantId: string, fromDay: number, toDay: number,
  providerIds?: readonly string[]): PortalAggregate[] {
  const ts = tenantState(dataset, tenantId);
  const portal = dataset.portal;
  const d0 = Math.max(0, fromDay - portal.fromDay);
  const d1 = Math.min(portal.days - 1, toDay - portal.fromDay);
  if (d1 < d0) return [];
  let indices: number[];
  if (providerIds) {
    const set = new Set<number>();
    for (const id of providerIds) {
      const index = ts.byId.get(id);
      if (index !== undefined) set.add(index);
    }
    indices = [...set].sort((a, b) => a - b);
  } else {
    indices = ts.tenant.providers.map((p) => p.index);
  }
  const prefix = ensurePrefix(dataset, ts);
  const stride = (portal.days + 1) * METRICS;
  const out: PortalAggregate[] = [];
  for (const p of indices) {
    const lo = p * stride + d0 * METRICS;
    const hi = p * stride + (d1 + 1) * METRICS;
    const m = (k: number): number => (prefix[hi + k] ?? 0) - (prefix[lo + k] ?? 0);
    const sums: DayFigures = {
      taskCount: m(M_TASK),
      invoicedMinor: m(M_INV),
      providerMinor: m(M_PROV),
      paidMinor: m(M_PAID),
      pendingMinor: m(M_PEND),
      approvedCount: m(M_APPR),
      rejectedCount: m(M_REJ),
      reviewCount: m(M_REV),
    };
    if (figuresToArray(sums).every((v) => v === 0)) continue;
    const provider = ts.tenant.providers[p];
    if (provider) out.push({ provider, sums });
  }
  return out;
}

export interface PortalRestatement {
  tenant: string;
  providerId: string;
  /** Calendar day inside the portal data range. */
  date: string;
  /**
   * New values for that day. Changing `invoicedMinor` without `pendingMinor` moves pending by the same
   * delta (so paid + pending = invoiced still holds, as when upstream re-invoices before payment).
   */
  set: Partial<DayFigures>;
}

/** Restates one provider's figures on one day (upstream corrected a figure). Returns the new day figures. */
export function restatePortalFigures(dataset: Dataset, restatement: PortalRestatement): DayFigures {
  const ts = tenantState(dataset, restatement.tenant);
  const p = ts.byId.get(restatement.providerId);
  if (p === undefined) throw new RangeError(`unknown provider ${restatement.providerId} for tenant ${restatement.tenant}`);
  const d = requireIsoDate(restatement.date, 'date') - dataset.portal.fromDay;
  if (d < 0 || d >= dataset.portal.days) throw new RangeError(`${restatement.date} is outside the portal data range`);
  const set: Partial<DayFigures> = {};
  for (const key of Object.keys(ZERO_FIGURES) as (keyof DayFigures)[]) {
    const value = restatement.set[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value)) throw new RangeError(`${key} must be a safe integer (minor units / count), got ${String(value)}`);
    set[key] = value;
  }
  const old = currentDayFigures(dataset, ts, p, d);
  const next: DayFigures = { ...old, ...set };
  if (set.invoicedMinor !== undefined && set.pendingMinor === undefined) {
    next.pendingMinor = old.pendingMinor + (next.invoicedMinor - old.invoicedMinor);
  }
  ts.overrides.set(p * dataset.portal.days + d, next);
  if (ts.prefix) {
    const delta = figuresToArray(next).map((v, k) => v - (figuresToArray(old)[k] ?? 0));
    const stride = (dataset.portal.days + 1) * METRICS;
    for (let day = d + 1; day <= dataset.portal.days; day++) {
      const at = p * stride + day * METRICS;
      for (let k = 0; k < METRICS; k++) ts.prefix[at + k] = (ts.prefix[at + k] ?? 0) + (delta[k] ?? 0);
    }
  }
  bump(dataset);
  return { ...next };
}

/** Switches the grand_total inconsistency on or off. */
export function setGrandTotalMismatch(dataset: Dataset, on: boolean): void {
  (dataset.portal as { grandTotalMismatch: boolean }).grandTotalMismatch = on;
  bump(dataset);
}

/** The planted per-provider inconsistencies (of one tenant, or all). */
export function portalInconsistencies(dataset: Dataset, tenantId?: string): PlantedInconsistency[] {
  return dataset.portal.tenants
    .filter((t) => tenantId === undefined || t.id === tenantId)
    .flatMap((t) => t.inconsistencies);
}

// ---------------------------------------------------------------------------------------------------
// PAYG records
// ---------------------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;

/** created_at of generated period (week, loan position among n active loans): the Monday after, 02:00–08:00Z. */
function generatedCreatedAt(fromDay: number, week: number, position: number, active: number): number {
  const monday = fromDay + week * 7 + 7;
  return monday * DAY_MS + 2 * HOUR_MS + Math.floor((position * 6 * HOUR_MS) / Math.max(1, active));
}

/**
 * Status life cycle of one period: DRAFT → SENT_TO_PAYMENT_SERVICE (12–72 h after creation) → PENDING
 * (1–7 days later) → PAYMENT_COMPLETE (92 %) or PAYMENT_FAILED (1–10 days later). 0.5 % are drafts
 * never sent; another 0.5 % stay stuck in SENT_TO_PAYMENT_SERVICE.
 */
function lifecycleStatus(seed: number, index: number, createdAtMs: number, asOfMs: number): PaygStatusLabel {
  const h = hash32(seed, 'payg-status', index);
  const kind = unitAt(h, 0);
  if (kind < 0.005) return 'DRAFT';
  const sent = createdAtMs + 12 * HOUR_MS + Math.floor(unitAt(h, 1) * 60 * HOUR_MS);
  if (asOfMs < sent) return 'DRAFT';
  if (kind < 0.01) return 'SENT_TO_PAYMENT_SERVICE';
  const pending = sent + DAY_MS + Math.floor(unitAt(h, 2) * 6 * DAY_MS);
  if (asOfMs < pending) return 'SENT_TO_PAYMENT_SERVICE';
  const final = pending + DAY_MS + Math.floor(unitAt(h, 3) * 9 * DAY_MS);
  if (asOfMs < final) return 'PENDING';
  return unitAt(h, 4) < 0.08 ? 'PAYMENT_FAILED' : 'PAYMENT_COMPLETE';
}

function periodAmount(seed: number, index: number, loan: PaygLoan): number {
  const h = hash32(seed, 'payg-amount', index);
  const amount = mulDivFloor(loan.weeklyBaseMinor, 70 + Math.floor(unitAt(h, 0) * 61), 100);
  return unitAt(h, 1) < 0.75 ? divFloor(amount, 100) * 100 : amount;
}

/** A record with its internal fields (what both the server and the expected answers read). */
export interface PaygRecordView {
  index: number;
  id: number;
  loan: PaygLoan;
  startDay: number;
  endDay: number;
  statusLabel: string;
  statusCode: number;
  /** The stored amount (the one ordering by amount uses, even when the served text is unreadable). */
  amountMinor: number;
  /** The served amount text ("125000.00", or the unreadable text of a bad record). */
  amountText: string;
  createdAtMs: number;
}

/** Total number of billing periods, including records created after generation. */
export function paygRecordCount(dataset: Dataset): number {
  return dataset.payg.generatedCount + stateOf(dataset).extras.length;
}

/** Week of generated index (largest w with weekStart[w] <= index). */
function weekOf(weekStart: Float64Array, weeks: number, index: number): number {
  let lo = 0;
  let hi = weeks - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((weekStart[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Loan index and start day of a generated index (cheap; no status or amount). */
export function paygPlacement(dataset: Dataset, index: number): { loanIndex: number; startDay: number } {
  const state = stateOf(dataset);
  const payg = dataset.payg;
  if (index >= payg.generatedCount) {
    const extra = state.extras[index - payg.generatedCount];
    if (!extra) throw new RangeError(`no PAYG record at index ${index}`);
    return { loanIndex: extra.loanIndex, startDay: extra.startDay };
  }
  const week = weekOf(state.weekStart, payg.weeks, index);
  return { loanIndex: index - (state.weekStart[week] ?? 0), startDay: payg.fromDay + week * 7 };
}

/** The full view of the record at `index` (0-based creation order), or undefined. */
export function paygRecordView(dataset: Dataset, index: number): PaygRecordView | undefined {
  const state = stateOf(dataset);
  const payg = dataset.payg;
  if (!Number.isSafeInteger(index) || index < 0 || index >= paygRecordCount(dataset)) return undefined;
  let loanIndex: number;
  let startDay: number;
  let createdAtMs: number;
  let amountMinor: number;
  if (index < payg.generatedCount) {
    const week = weekOf(state.weekStart, payg.weeks, index);
    const first = state.weekStart[week] ?? 0;
    const active = (state.weekStart[week + 1] ?? 0) - first;
    loanIndex = index - first;
    startDay = payg.fromDay + week * 7;
    createdAtMs = generatedCreatedAt(payg.fromDay, week, loanIndex, active);
    amountMinor = periodAmount(dataset.seed, index, payg.loans[loanIndex] as PaygLoan);
  } else {
    const extra = state.extras[index - payg.generatedCount] as PaygExtra;
    loanIndex = extra.loanIndex;
    startDay = extra.startDay;
    createdAtMs = extra.createdAtMs;
    amountMinor = extra.amountMinor;
  }
  const loan = payg.loans[loanIndex] as PaygLoan;
  const override = state.paygOverrides.get(index);
  if (override?.amountMinor !== undefined) amountMinor = override.amountMinor;
  const statusLabel = override?.statusLabel ?? lifecycleStatus(dataset.seed, index, createdAtMs, payg.asOfMs);
  return {
    index,
    id: payg.firstId + index,
    loan,
    startDay,
    endDay: startDay + 6,
    statusLabel,
    statusCode: isPaygStatusLabel(statusLabel) ? PAYG_STATUS_CODES[statusLabel] : UNKNOWN_STATUS_CODE,
    amountMinor,
    amountText: override?.amountRaw ?? formatMinor(amountMinor),
    createdAtMs,
  };
}

/** Only the status label of the record at `index` (cheaper than a full view; used for filtering). */
export function paygStatusAt(dataset: Dataset, index: number): string {
  const override = stateOf(dataset).paygOverrides.get(index);
  if (override?.statusLabel !== undefined) return override.statusLabel;
  const payg = dataset.payg;
  let createdAtMs: number;
  if (index < payg.generatedCount) {
    const state = stateOf(dataset);
    const week = weekOf(state.weekStart, payg.weeks, index);
    const first = state.weekStart[week] ?? 0;
    createdAtMs = generatedCreatedAt(payg.fromDay, week, index - first, (state.weekStart[week + 1] ?? 0) - first);
  } else {
    createdAtMs = (stateOf(dataset).extras[index - payg.generatedCount] as PaygExtra).createdAtMs;
  }
  return lifecycleStatus(dataset.seed, index, createdAtMs, payg.asOfMs);
}

/** The wire shape of a view. */
export function toPaygRecord(view: PaygRecordView): PaygRecord {
  return {
    id: view.id,
    loanName: view.loan.name,
    start_date: formatIsoDate(view.startDay),
    end_date: formatIsoDate(view.endDay),
    status: { code: view.statusCode, label: view.statusLabel },
    currency: view.loan.currency,
    totalAmountIncMaintenanceFee: view.amountText,
    funding_source: view.loan.fundingSource,
    created_at: isoTimestamp(view.createdAtMs),
  };
}

/** A billing period by id, exactly as served, or undefined. */
export function getPaygRecord(dataset: Dataset, id: number): PaygRecord | undefined {
  const view = paygRecordView(dataset, id - dataset.payg.firstId);
  return view ? toPaygRecord(view) : undefined;
}

/** Week boundaries (index range) of the generated records: records of weeks [w0, w1] are [start(w0), start(w1 + 1)). */
export function paygWeekIndexRange(dataset: Dataset, w0: number, w1: number): [number, number] {
  const ws = stateOf(dataset).weekStart;
  const weeks = dataset.payg.weeks;
  const a = Math.max(0, Math.min(weeks, w0));
  const b = Math.max(0, Math.min(weeks, w1 + 1));
  if (b <= a) return [0, 0];
  return [ws[a] ?? 0, ws[b] ?? 0];
}

export interface PaygRestatement {
  /** New status label (any string; unknown labels are served with code 99). */
  status?: string;
  /** New stored amount in minor units (served as a decimal string). */
  amountMinor?: number;
}

/** Restates one billing period (status and/or amount). Returns the record as now served. */
export function restatePaygRecord(dataset: Dataset, id: number, change: PaygRestatement): PaygRecord {
  const index = id - dataset.payg.firstId;
  if (!paygRecordView(dataset, index)) throw new RangeError(`no billing period with id ${id}`);
  if (change.amountMinor !== undefined && !Number.isSafeInteger(change.amountMinor)) {
    throw new RangeError('amountMinor must be a safe integer');
  }
  const overrides = stateOf(dataset).paygOverrides;
  const next: PaygOverride = { ...overrides.get(index) };
  if (change.status !== undefined) next.statusLabel = change.status;
  if (change.amountMinor !== undefined) {
    next.amountMinor = change.amountMinor;
    delete next.amountRaw;
  }
  overrides.set(index, next);
  bump(dataset);
  return getPaygRecord(dataset, id) as PaygRecord;
}

/** Moves the PAYG "now": statuses advance along their life cycle (or go back, if you move it back). */
export function advancePaygClock(dataset: Dataset, asOf: string | number): void {
  const ms = typeof asOf === 'number' ? asOf : Date.parse(asOf);
  if (!Number.isFinite(ms)) throw new RangeError(`asOf must be a timestamp, got ${String(asOf)}`);
  (dataset.payg as { asOfMs: number }).asOfMs = ms;
  bump(dataset);
}

export interface CreatePaygOptions {
  /** How many records (default 1). */
  count?: number;
  /**
   * Creation time in ms. Records are always created after every existing one (ids and created_at
   * both increase), so they sort first under the default `-created_at` ordering.
   */
  atMs?: number;
  /** Loan to bill (default: a deterministic pick). */
  loanIndex?: number;
  /** Amount in minor units (default: from the loan's weekly base). */
  amountMinor?: number;
  /** Fixed status (default: the life cycle from creation, i.e. DRAFT until the PAYG clock moves on). */
  status?: string;
}

/** Creates new billing periods for the week before their creation date. Returns them as served. */
export function createPaygRecords(dataset: Dataset, options: CreatePaygOptions = {}): PaygRecord[] {
  const state = stateOf(dataset);
  const payg = dataset.payg;
  const count = checkCount(options.count ?? 1, 'count', 0);
  if (payg.loans.length === 0) throw new RangeError('cannot create PAYG records in a dataset without loans');
  const out: PaygRecord[] = [];
  for (let k = 0; k < count; k++) {
    const index = paygRecordCount(dataset);
    const createdAtMs = Math.max(options.atMs ?? state.lastCreatedAtMs + 1_000, state.lastCreatedAtMs + 1);
    const h = hash32(dataset.seed, 'payg-extra', index);
    const loanIndex = options.loanIndex ?? Math.floor(unitAt(h, 0) * payg.loans.length);
    const loan = payg.loans[loanIndex];
    if (!loan) throw new RangeError(`no loan ${loanIndex}`);
    const endDay = sundayOnOrBefore(Math.floor(createdAtMs / DAY_MS) - 1);
    const amountMinor = options.amountMinor ?? periodAmount(dataset.seed, index, loan);
    if (!Number.isSafeInteger(amountMinor)) throw new RangeError('amountMinor must be a safe integer');
    state.extras.push({ loanIndex, startDay: endDay - 6, amountMinor, createdAtMs });
    state.lastCreatedAtMs = createdAtMs;
    if (options.status !== undefined) state.paygOverrides.set(index, { statusLabel: options.status });
    out.push(getPaygRecord(dataset, payg.firstId + index) as PaygRecord);
  }
  if (count > 0) bump(dataset);
  return out;
}

/** A one-paragraph summary for logs and the CLI. */
export function describeDataset(dataset: Dataset): string {
  const tenants = dataset.portal.tenants
    .map((t) => `${t.id} (${t.currency}, ${t.providers.length} providers)`)
    .join(', ');
  return (
    `seed ${dataset.seed}; portal ${dataset.portal.from}…${dataset.portal.to}: ${tenants}; ` +
    `PAYG ${dataset.payg.from}…${dataset.payg.to}: ${dataset.payg.loans.length} loans, ` +
    `${paygRecordCount(dataset)} billing periods (ids ${dataset.payg.firstId}…${dataset.payg.firstId + paygRecordCount(dataset) - 1})`
  );
}
