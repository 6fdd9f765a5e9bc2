import { getConnection } from '../connections/index.ts';
import { ReconcileError } from './connection.ts';
import { reconcilePayg } from './payg.ts';
import { reconcilePortal } from './portal.ts';
import type { ReconcileDeps, ReconcileParams, Reconciliation } from './types.ts';

/** The default period of each kind: portal reports by month, PAYG billing by ISO week. */
export function defaultPeriod(kind: 'portal' | 'payg'): 'month' | 'week' {
  return kind === 'portal' ? 'month' : 'week';
}

/**
 * Reconcile a connection over a range, whatever its kind. Reads the cache only (never the network),
 * except that a sign-off of this exact range whose figures have changed is voided on the way.
 */
export function reconcile(deps: ReconcileDeps, params: ReconcileParams): Reconciliation {
  const connection = getConnection(deps.db, params.connection);
  const period = params.period ?? defaultPeriod(connection.kind);
  if (connection.kind === 'portal') {
    if (params.groupBy !== undefined) throw new ReconcileError('Grouping by loan or funding source applies to PAYG connections only.');
    return reconcilePortal(deps, {
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
  return reconcilePayg(deps, {
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

/**
 * The --json document: the result without the `…Minor` integers (amounts are exact decimal
 * strings there), so a consumer cannot mistake a minor-unit count for an amount.
 */
export function reconciliationJson(result: Reconciliation): unknown {
  return stripMinor(result);
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
