/**
 * The engine's figures, straight from the core on the harness's cache: what the screen must show.
 * (reconcile:run answers only a summary now; the rows stay in the back end's view.)
 */
import { reconcile, type PaygReconciliation, type PortalReconciliation, type ReconcileParams } from '../../../electron/core/reconcile/index.ts';
import type { Harness } from '../../../electron/harness/index.ts';

type Input = Omit<ReconcileParams, 'now'>;

export function portalTruth(harness: Harness, input: Input): PortalReconciliation {
  const r = reconcile(harness, { ...input, now: Date.now() });
  if (r.kind !== 'portal') throw new Error('expected a portal reconciliation');
  return r;
}

export function paygTruth(harness: Harness, input: Input): PaygReconciliation {
  const r = reconcile(harness, { ...input, now: Date.now() });
  if (r.kind !== 'payg') throw new Error('expected a PAYG reconciliation');
  return r;
}
