/**
 * Reconcile a connection over a range, whatever its kind. Reads the cache only: never the
 * network, and never a write (voiding stale sign-offs is its own step, see revalidateSignoffs).
 *
 * `openReconciliation` is what the window and the export use: the big lists stay in temporary
 * tables and are read a page or a chunk at a time, so memory stays flat however big the range.
 * `reconcile` reads them whole into one document, for the command line's JSON and text and for
 * tests; it is the same computation.
 */
import { getConnection } from '../connections/index.ts';
import { describeFinding } from '../language/findings.ts';
import type { Language } from '../language/language.ts';
import { ReconcileError } from './connection.ts';
import { portalFiguresHash } from './figures.ts';
import type { ListView } from './list-view.ts';
import { openPayg, type OpenPayg } from './payg.ts';
import { openPortal, type OpenPortal } from './portal.ts';
import type { ViewKeys, ViewPage, ViewQuery } from './schemas.ts';
import type { PaygParams, PaygReconciliation, PortalParams, PortalReconciliation, ReconcileDeps, ReconcileParams, Reconciliation } from './types.ts';

/** The default period of each kind: portal reports by month, PAYG billing by ISO week. */
export function defaultPeriod(kind: 'portal' | 'payg'): 'month' | 'week' {
  return kind === 'portal' ? 'month' : 'week';
}

export type OpenReconciliation = OpenPortal | OpenPayg;

/** A reconciliation kept in temporary tables until `close()`. */
export function openReconciliation(deps: ReconcileDeps, params: ReconcileParams): OpenReconciliation {
  const connection = getConnection(deps.db, params.connection);
  const period = params.period ?? defaultPeriod(connection.kind);
  if (connection.kind === 'portal') {
    if (params.groupBy !== undefined) throw new ReconcileError('Grouping by loan or funding source applies to PAYG connections only.');
    return openPortal(deps, {
      connection: params.connection,
      from: params.from,
      to: params.to,
      period,
      now: params.now,
      ...(params.agedAt !== undefined ? { agedAt: params.agedAt } : {}),
      ...(params.toleranceAbs !== undefined ? { toleranceAbs: params.toleranceAbs } : {}),
      ...(params.tolerancePct !== undefined ? { tolerancePct: params.tolerancePct } : {}),
    });
  }
  if (params.toleranceAbs !== undefined || params.tolerancePct !== undefined) {
    throw new ReconcileError('Tolerances apply to portal connections only; a PAYG reconciliation compares billed with collected.');
  }
  if (period === 'range') throw new ReconcileError('For a PAYG connection the period must be week or month.');
  return openPayg(deps, {
    connection: params.connection,
    from: params.from,
    to: params.to,
    period,
    now: params.now,
    ...(params.agedAt !== undefined ? { agedAt: params.agedAt } : {}),
    ...(params.groupBy !== undefined ? { groupBy: params.groupBy } : {}),
    ...(params.outstandingDays !== undefined ? { outstandingDays: params.outstandingDays } : {}),
    ...(params.draftDays !== undefined ? { draftDays: params.draftDays } : {}),
    ...(params.stuckDays !== undefined ? { stuckDays: params.stuckDays } : {}),
  });
}

/** One page of one list of an open reconciliation (a list the kind does not have is empty). */
export function pageOf(open: OpenReconciliation, query: ViewQuery, offset: number, limit: number): ViewPage {
  switch (query.list) {
    case 'rows': {
      const { total, rows } = open.kind === 'portal' ? open.rows.page(query, offset, limit) : { total: 0, rows: [] };
      return { list: 'rows', total, offset, rows };
    }
    case 'openItems': {
      const { total, rows } = open.openItems.page(query, offset, limit);
      return { list: 'openItems', total, offset, rows };
    }
    case 'exceptions': {
      const { total, rows } = open.kind === 'payg' ? open.exceptions.page(query, offset, limit) : { total: 0, rows: [] };
      return { list: 'exceptions', total, offset, rows };
    }
  }
}

/** The item keys of a range of one list, in display order, each once. */
export function keysOf(open: OpenReconciliation, query: ViewQuery, offset: number, limit: number): ViewKeys {
  switch (query.list) {
    case 'rows':
      return open.kind === 'portal' ? open.rows.keys(query, offset, limit) : { total: 0, keys: [] };
    case 'openItems':
      return open.openItems.keys(query, offset, limit);
    case 'exceptions':
      return open.kind === 'payg' ? open.exceptions.keys(query, offset, limit) : { total: 0, keys: [] };
  }
}

function all<T, C extends string>(list: ListView<T, C>): T[] {
  const out: T[] = [];
  for (const chunk of list.chunks()) out.push(...chunk);
  return out;
}

export function reconcilePortal(deps: ReconcileDeps, params: PortalParams): PortalReconciliation {
  const open = openPortal(deps, params);
  try {
    return portalDocument(open);
  } finally {
    open.close();
  }
}

export function reconcilePayg(deps: ReconcileDeps, params: PaygParams): PaygReconciliation {
  const open = openPayg(deps, params);
  try {
    return paygDocument(open);
  } finally {
    open.close();
  }
}

/** The whole reconciliation as one document (the big lists read in full). */
export function reconcile(deps: ReconcileDeps, params: ReconcileParams): Reconciliation {
  const open = openReconciliation(deps, params);
  try {
    return open.kind === 'portal' ? portalDocument(open) : paygDocument(open);
  } finally {
    open.close();
  }
}

/**
 * The figures' hash is a getter, worked out on first read and then kept: JSON, zod and structured
 * clone read it as any other field. The rows and totals must not be changed once it was read.
 */
function portalDocument(open: OpenPortal): PortalReconciliation {
  const o = open.outline;
  const rows = all(open.rows);
  const head = { connection: o.connection, from: o.from, to: o.to, period: o.period };
  let hash: string | undefined;
  return {
    ...o,
    rows,
    openItems: all(open.openItems),
    get dataHash() {
      return (hash ??= portalFiguresHash(head, rows, o.totals));
    },
  };
}

function paygDocument(open: OpenPayg): PaygReconciliation {
  const o = open.outline;
  const hash = open.dataHash();
  return { ...o, exceptions: all(open.exceptions), openItems: all(open.openItems), dataHash: hash };
}

/** The JSON document: the result without the `…Minor` integers (amounts are exact decimal strings there). */
export function reconciliationJson(result: Reconciliation, language: Language = 'en'): unknown {
  if (result.kind !== 'portal') return stripMinor(result);
  // Findings carry their facts; scripts reading `message` get the sentence, in the caller's language.
  const findings = result.findings.map((finding) => ({ ...finding, message: describeFinding(finding, language) }));
  return stripMinor({ ...result, findings });
}

function stripMinor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMinor);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.endsWith('Minor')) out[k] = stripMinor(v);
    return out;
  }
  return value;
}
