import { memo, useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortalRow, PortalSummary, RowsSort, ViewFilter } from '../../api/types.ts';
import { DataGrid, type DataGridHandle, type GridColumn } from '../../components/data-grid/index.ts';
import { formatDate } from '../../format/dates.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { PORTAL_ROWS, usePagedRows } from '../../state/paged-rows.ts';
import { useWorkspace } from '../../state/workspace.tsx';

interface PortalGridProps {
  r: PortalSummary;
  columns: GridColumn<PortalRow>[];
  sort: RowsSort | null;
  onSortChange: (sort: RowsSort | null) => void;
  filter: ViewFilter;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: ReadonlySet<string>) => void;
  onActivate: (row: PortalRow) => void;
  gridRef: Ref<DataGridHandle>;
}

const rowKeyOf = (row: PortalRow): string => row.key;

/**
 * The rows grid on its own, so a page arriving re-renders the grid and not the cards, filters and
 * panels around it. Sorting and filtering happen in the back end, over all the rows.
 */
export const PortalGrid = memo(function PortalGrid({ r, columns, sort, onSortChange, filter, selected, onSelectedChange, onActivate, gridRef }: PortalGridProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const rows = usePagedRows(PORTAL_ROWS, { viewId: r.view.id, sort, filter }, viewVersion);
  const selection = useMemo(() => ({ selected, onChange: onSelectedChange }), [selected, onSelectedChange]);
  return (
    <DataGrid
      ref={gridRef}
      columns={columns}
      rows={rows}
      sort={sort}
      onSortChange={(next) => onSortChange(PORTAL_ROWS.sortOf(next))}
      rowKey={rowKeyOf}
      label={t('portal.gridLabel', { from: formatDate(r.from, locale), to: formatDate(r.to, locale) })}
      selection={selection}
      onActivate={onActivate}
      testId="portal-grid"
      emptyText={r.view.rowCount === 0 ? t('portal.noRows') : t('portal.noMatch')}
    />
  );
});
