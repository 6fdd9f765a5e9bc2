import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenItem, OpenItemsSort, ReconciliationSummary, ViewFilter } from '../../api/types.ts';
import { REVIEW_COLUMN_SIZE, ReviewBadge } from '../../components/badges.tsx';
import { DataGrid, type GridColumn } from '../../components/data-grid/index.ts';
import { formatSpan } from '../../format/dates.ts';
import { itemWho } from '../../format/items.ts';
import { formatAmount, formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useItemNames } from '../../state/item-names.tsx';
import { OPEN_ITEMS, usePagedRows } from '../../state/paged-rows.ts';
import { useWorkspace } from '../../state/workspace.tsx';

/** What is wrong with an open item, in words: its class (portal) or its exceptions (PAYG). */
function problemOf(item: OpenItem, t: (key: string) => string): string {
  if (item.kind === 'portal_row') return t(`class.${item.description}`);
  return item.description
    .split(',')
    .filter(Boolean)
    .map((kind) => t(`exception.${kind}`))
    .join(', ');
}

/**
 * Discrepancies nobody has resolved, this range's and earlier ones carried forward, oldest first.
 * They can run to tens of thousands on a big range: a paged, virtualized grid like the main one.
 */
export const OpenItemsPanel = memo(function OpenItemsPanel({ view, filter, idPrefix }: { view: ReconciliationSummary['view']; filter?: ViewFilter; idPrefix: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const [sort, setSort] = useState<OpenItemsSort | null>(null);
  const rows = usePagedRows(OPEN_ITEMS, { viewId: view.id, sort, filter: filter ?? {} }, viewVersion);
  const titleId = `${idPrefix}-open-title`;
  const nameOf = useItemNames();
  const columns = useMemo<GridColumn<OpenItem>[]>(
    () => [
      {
        id: 'description',
        header: t('openItems.item'),
        size: 260,
        flex: true,
        // Names are looked up as rows are drawn: only those on screen are asked for.
        cell: (r) => (
          <span className="cell-two">
            <span>{itemWho(nameOf(r.key), t)}</span>
            <span className="muted">
              {problemOf(r, t)}
              {r.carriedForward ? ` · ${t('openItems.carried')}` : ''}
            </span>
          </span>
        ),
      },
      { id: 'periodStart', header: t('portal.period'), size: 170, cell: (r) => formatSpan(r.periodStart, r.periodEnd, locale) },
      { id: 'ageDays', header: t('openItems.age'), size: 120, numeric: true, sortDescFirst: true, cell: (r) => t('openItems.days', { count: r.ageDays, n: formatCount(r.ageDays, locale) }) },
      {
        id: 'amount',
        header: t('openItems.amount'),
        size: 170,
        numeric: true,
        sortDescFirst: true,
        cell: (r) => formatAmount(r.amount, r.currency, locale, { signed: true }),
      },
      { id: 'review', header: t('portal.review'), size: REVIEW_COLUMN_SIZE, cell: (r) => <ReviewBadge review={r.review} /> },
    ],
    [t, locale, nameOf],
  );
  return (
    <section className="card section" aria-labelledby={titleId} data-testid="open-items-panel">
      <h2 id={titleId} className="card-title">
        {t('openItems.title')} <span className="badge badge-neutral">{formatCount(rows.total ?? view.openItemCount, locale)}</span>
      </h2>
      {view.openItemCount === 0 ? (
        <p className="muted">{t('openItems.none')}</p>
      ) : (
        <DataGrid
          columns={columns}
          rows={rows}
          sort={sort}
          onSortChange={(next) => setSort(OPEN_ITEMS.sortOf(next))}
          rowKey={(r) => r.key}
          label={t('openItems.title')}
          heightClass="grid-short"
          rowHeight={48}
          testId="open-items-grid"
        />
      )}
    </section>
  );
});
