import { memo } from 'react';
import type { Finding, ReconciliationSummary, Restatement } from '../../api/types.ts';
import { FindingsPanel } from '../panels/findings-panel.tsx';
import { OpenItemsPanel } from '../panels/open-items-panel.tsx';
import { RestatementsPanel } from '../panels/restatements-panel.tsx';

/**
 * Below the grid, each at full width so no column is cut: the upstream's inconsistencies, what
 * is still open (carried forward too), and figures restated since they were first synced.
 * Memoised: they need not re-render when the grid's filters or selection change.
 */
export const PortalPanels = memo(function PortalPanels({ r }: { r: { findings: Finding[]; restatements: Restatement[]; view: ReconciliationSummary['view']; currency: string } }) {
  return (
    <>
      <FindingsPanel findings={r.findings} currency={r.currency} />
      <OpenItemsPanel view={r.view} idPrefix="portal" />
      <RestatementsPanel restatements={r.restatements} currency={r.currency} idPrefix="portal" />
    </>
  );
});
