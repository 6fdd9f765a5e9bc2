import { useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import type { PagedRows } from '../../state/paged-rows.ts';
import { BodyRow, HeaderRow, SELECT_ID } from './grid-rows.tsx';
import { nextSort } from './sorting.tsx';
import type { DataGridHandle, GridColumn, GridSelection, GridSort } from './types.ts';
import { useGridKeyboard } from './use-grid-keyboard.ts';
import { useGridScroll } from './use-grid-scroll.ts';
import { useGridSelection } from './use-grid-selection.ts';

interface Props<T> {
  columns: GridColumn<T>[];
  rows: PagedRows<T>;
  /** The sort asked for (the header shows the sort of the rows on screen, rows.sort). */
  sort: GridSort | null;
  onSortChange: (sort: GridSort | null) => void;
  /** The item key of a row (selection). */
  rowKey: (row: T) => string;
  label: string;
  heightClass?: string;
  rowHeight?: number;
  /** Enter or a double click on a body row opens it (drill-down, detail). */
  onActivate?: (row: T) => void;
  rowClassName?: (row: T) => string;
  /** Turns on checkbox selection with Shift ranges. */
  selection?: GridSelection;
  testId?: string;
  emptyText?: string;
  ref?: Ref<DataGridHandle>;
}

/**
 * A virtualized ARIA grid over a paged view: `rows.total` is the whole filtered list, only the
 * rows in view are in the DOM, rows not fetched yet show as busy placeholders. Scrolling, the
 * keyboard and selection live in their own hooks; sorting is the back end's (a header asks).
 */
export function DataGrid<T>({
  columns: dataColumns,
  rows,
  sort,
  onSortChange,
  rowKey,
  label,
  heightClass = 'grid-tall',
  rowHeight = 36,
  onActivate,
  rowClassName,
  selection,
  testId,
  emptyText,
  ref,
}: Props<T>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const gridRef = useRef<HTMLDivElement>(null);
  const selectColumn: GridColumn<T> = { id: SELECT_ID, header: t('grid.select'), size: 44, sortable: false, cell: () => null };
  const columns = selection ? [selectColumn, ...dataColumns] : dataColumns;
  const total = rows.total ?? 0;

  const { scrollRef, items, totalHeight, pageRows, reveal, isRendered } = useGridScroll(rows, rowHeight);
  const selecting = useGridSelection(rows, rowKey, selection);
  const sortColumn = (index: number) => {
    const col = columns[index];
    if (!col || col.sortable === false || col.id === SELECT_ID) return;
    onSortChange(nextSort(sort, col.id, col.sortDescFirst === true));
  };
  const openRow = (index: number) => {
    const row = rows.rowAt(index);
    if (onActivate && row !== undefined) onActivate(row);
  };
  const keyboard = useGridKeyboard({
    gridRef,
    rowCount: total,
    colCount: columns.length,
    pageRows,
    reveal,
    isRendered,
    sort: sortColumn,
    activate: onActivate ? openRow : null,
    toggle: selection ? selecting.toggleRow : null,
    selectAll: selection ? selecting.selectAll : null,
    clear: selection ? selecting.clear : null,
  });
  useImperativeHandle(ref, () => ({ focus: keyboard.focus }), [keyboard.focus]);

  const template = columns.map((col) => (col.flex ? `minmax(${col.size}px, 1fr)` : `${col.size}px`)).join(' ');
  const minWidth = columns.reduce((sum, col) => sum + col.size, 0);

  return (
    <div className={`data-grid ${heightClass}`} data-testid={testId}>
      <div className="grid-scroll" ref={scrollRef}>
        <div
          ref={gridRef}
          role="grid"
          aria-label={label}
          aria-rowcount={total + 1}
          aria-colcount={columns.length}
          aria-multiselectable={selection ? true : undefined}
          aria-busy={rows.total === null ? true : undefined}
          onKeyDown={keyboard.onKeyDown}
          style={{ minWidth }}
        >
          <div role="rowgroup" className="grid-header">
            <HeaderRow
              columns={columns}
              template={template}
              shownSort={rows.sort}
              focus={keyboard}
              onSort={sortColumn}
              all={selecting.all}
              someSelected={selecting.count > 0}
              onSelectAll={(select) => (select ? selecting.selectAll() : selecting.clear())}
            />
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: totalHeight }}>
            {items.map((v) => {
              const row = rows.rowAt(v.index);
              return (
                <BodyRow
                  // By position, not by item: a row keeps its DOM node (and focus) when its page is refetched.
                  key={v.index}
                  columns={columns}
                  template={template}
                  index={v.index}
                  row={row}
                  selected={selection ? row !== undefined && selecting.isSelected(row) : undefined}
                  size={v.size}
                  start={v.start}
                  focus={keyboard}
                  firstDataColumn={selection ? 1 : 0}
                  className={row !== undefined && rowClassName ? rowClassName(row) : ''}
                  onToggle={selecting.toggleRow}
                  onOpen={onActivate}
                />
              );
            })}
          </div>
        </div>
        {rows.total === 0 ? <div className="empty">{emptyText ?? t('grid.empty')}</div> : null}
      </div>
      <div className="grid-footer" aria-live="polite">
        <span data-testid="grid-row-count">{rows.total === null ? t('grid.counting') : t('grid.rows', { count: total, n: formatCount(total, locale) })}</span>
        {selection ? <span data-testid="grid-selected-count">{t('grid.selected', { count: selecting.count, n: formatCount(selecting.count, locale) })}</span> : null}
        <span className="header-spacer" />
        <span data-testid="grid-keys">
          {[t('grid.keysMove'), t('grid.keysSort'), selection ? t('grid.keysSelect') : null, onActivate ? t('grid.keysOpen') : null].filter(Boolean).join(' · ')}
        </span>
      </div>
    </div>
  );
}
