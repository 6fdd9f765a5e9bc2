import { flexRender, type Header, type Row, type RowData, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';

declare module '@tanstack/react-table' {
  // Column hints the grid reads: right-aligned numbers, and the one column that takes free width.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    numeric?: boolean;
    flex?: boolean;
  }
}

export interface ColumnMeta {
  numeric?: boolean;
  /** Grows to take the free width. */
  flex?: boolean;
}

interface Props<T> {
  table: Table<T>;
  label: string;
  heightClass?: string;
  rowHeight?: number;
  /** Enter on a body row (drill-down). */
  onActivate?: (row: T) => void;
  rowClassName?: (row: T) => string;
  /** Turns on checkbox selection with Shift ranges (uses the table's rowSelection state). */
  selectable?: boolean;
  testId?: string;
  emptyText?: string;
}

interface Cell {
  /** 0 = header, 1.. = body rows (row index + 1). */
  r: number;
  c: number;
}

/**
 * A virtualized ARIA grid over a TanStack table: only the rows in view (plus a few) are in the DOM,
 * so 100,000 rows scroll like 100. One cell is tabbable at a time (roving tabindex); arrows, Home/End,
 * PageUp/PageDown move, Enter sorts a header or opens a row, Space (Shift+Space) selects.
 */
export function DataGrid<T>({ table, label, heightClass = 'grid-tall', rowHeight = 36, onActivate, rowClassName, selectable, testId, emptyText }: Props<T>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const colCount = headers.length;
  const [active, setActive] = useState<Cell>({ r: 1, c: 0 });
  const focusWanted = useRef(false);
  const anchor = useRef<number | null>(null);

  // TanStack Virtual hands back fresh functions each render; this component is meant to re-render with it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const template = headers.map((h) => (h.column.columnDef.meta?.flex ? `minmax(${h.getSize()}px, 1fr)` : `${h.getSize()}px`)).join(' ');
  const minWidth = headers.reduce((sum, h) => sum + h.getSize(), 0);

  // Keep the active cell inside the grid when filters shrink it.
  const maxRow = rows.length;
  const r = Math.min(active.r, maxRow);
  const c = Math.min(active.c, Math.max(0, colCount - 1));

  const items = virtualizer.getVirtualItems();
  const activeRendered = r === 0 || items.some((v) => v.index === r - 1);

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const selectRange = useCallback(
    (from: number, to: number, value: boolean) => {
      const [lo, hi] = from < to ? [from, to] : [to, from];
      table.setRowSelection((prev) => {
        const next = { ...prev };
        for (let i = lo; i <= hi; i++) {
          const row = rows[i];
          if (!row) continue;
          if (value) next[row.id] = true;
          else delete next[row.id];
        }
        return next;
      });
    },
    [rows, table],
  );

  const toggleRow = useCallback(
    (index: number, shift: boolean) => {
      const row = rows[index];
      if (!row) return;
      const value = !row.getIsSelected();
      if (shift && anchor.current !== null) selectRange(anchor.current, index, value);
      else row.toggleSelected(value);
      anchor.current = index;
    },
    [rows, selectRange],
  );

  const move = (next: Cell) => {
    const nr = Math.max(0, Math.min(maxRow, next.r));
    const nc = Math.max(0, Math.min(colCount - 1, next.c));
    focusWanted.current = true;
    setActive({ r: nr, c: nc });
    if (nr > 0) virtualizer.scrollToIndex(nr - 1, { align: 'auto' });
    else scrollRef.current?.scrollTo({ top: 0 });
  };

  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.dataset.r === undefined) return;
    switch (e.key) {
      case 'ArrowDown':
        move({ r: r + 1, c });
        break;
      case 'ArrowUp':
        move({ r: r - 1, c });
        break;
      case 'ArrowRight':
        move({ r, c: c + 1 });
        break;
      case 'ArrowLeft':
        move({ r, c: c - 1 });
        break;
      case 'PageDown':
        move({ r: r + page, c });
        break;
      case 'PageUp':
        move({ r: Math.max(1, r - page), c });
        break;
      case 'Home':
        move(e.ctrlKey || e.metaKey ? { r: 1, c: 0 } : { r, c: 0 });
        break;
      case 'End':
        move(e.ctrlKey || e.metaKey ? { r: maxRow, c: colCount - 1 } : { r, c: colCount - 1 });
        break;
      case 'Enter':
        if (r === 0) headers[c]?.column.toggleSorting(undefined, e.shiftKey);
        else if (onActivate && rows[r - 1]) onActivate(rows[r - 1]!.original);
        break;
      case ' ':
        if (r > 0 && selectable) toggleRow(r - 1, e.shiftKey);
        else if (r === 0) headers[c]?.column.toggleSorting(undefined, e.shiftKey);
        break;
      case 'a':
        if ((e.ctrlKey || e.metaKey) && selectable) table.toggleAllRowsSelected(true);
        else return;
        break;
      case 'Escape':
        if (selectable) table.resetRowSelection();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  useEffect(() => {
    anchor.current = null;
  }, [rows]);

  const tabIndexFor = (rr: number, cc: number) => {
    if (activeRendered) return rr === r && cc === c ? 0 : -1;
    return rr === 0 && cc === c ? 0 : -1;
  };

  const onCellMouseDown = (rr: number, cc: number) => () => setActive({ r: rr, c: cc });

  const onCheckboxClick = (index: number) => (e: MouseEvent<HTMLInputElement>) => {
    e.preventDefault();
    toggleRow(index, e.shiftKey);
  };

  const selectedCount = selectable ? Object.keys(table.getState().rowSelection).length : 0;

  return (
    <div className={`data-grid ${heightClass}`} data-testid={testId}>
      <div className="grid-scroll" ref={scrollRef}>
        <div
          ref={gridRef}
          role="grid"
          aria-label={label}
          aria-rowcount={rows.length + 1}
          aria-colcount={colCount}
          aria-multiselectable={selectable ? true : undefined}
          onKeyDown={onKeyDown}
          style={{ minWidth }}
        >
          <div role="rowgroup" className="grid-header">
            <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns: template }}>
              {headers.map((h, ci) => (
                <HeaderCell
                  key={h.id}
                  header={h}
                  index={ci}
                  tabIndex={tabIndexFor(0, ci)}
                  onMouseDown={onCellMouseDown(0, ci)}
                  table={table}
                  selectable={!!selectable}
                />
              ))}
            </div>
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const row = rows[v.index] as Row<T>;
              const rr = v.index + 1;
              const selected = selectable ? row.getIsSelected() : undefined;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={rr + 1}
                  aria-selected={selected}
                  data-index={v.index}
                  className={`grid-row ${rowClassName ? rowClassName(row.original) : ''}`}
                  style={{ gridTemplateColumns: template, height: v.size, transform: `translateY(${v.start}px)` }}
                  onDoubleClick={onActivate ? () => onActivate(row.original) : undefined}
                >
                  {row.getVisibleCells().map((cell, ci) => {
                    const meta = cell.column.columnDef.meta;
                    const isSelect = cell.column.id === 'select';
                    return (
                      <div
                        key={cell.id}
                        role="gridcell"
                        aria-colindex={ci + 1}
                        data-r={rr}
                        data-c={ci}
                        tabIndex={tabIndexFor(rr, ci)}
                        className={`grid-cell ${meta?.numeric ? 'num' : ''}`}
                        onMouseDown={onCellMouseDown(rr, ci)}
                      >
                        {isSelect ? (
                          <input
                            type="checkbox"
                            tabIndex={-1}
                            checked={!!selected}
                            readOnly
                            onClick={onCheckboxClick(v.index)}
                            aria-label={t('grid.selectRow', { index: rr })}
                          />
                        ) : (
                          flexRender(cell.column.columnDef.cell, cell.getContext())
                        )}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
        {rows.length === 0 ? <div className="empty">{emptyText ?? t('grid.empty')}</div> : null}
      </div>
      <div className="grid-footer" aria-live="polite">
        <span data-testid="grid-row-count">{t('grid.rows', { count: rows.length, n: formatCount(rows.length, locale) })}</span>
        {selectable ? (
          <span data-testid="grid-selected-count">{t('grid.selected', { count: selectedCount, n: formatCount(selectedCount, locale) })}</span>
        ) : null}
        <span className="header-spacer" />
        <span>{t('grid.keys')}</span>
      </div>
    </div>
  );
}

function HeaderCell<T>({
  header,
  index,
  tabIndex,
  onMouseDown,
  table,
  selectable,
}: {
  header: Header<T, unknown>;
  index: number;
  tabIndex: number;
  onMouseDown: () => void;
  table: Table<T>;
  selectable: boolean;
}) {
  const { t } = useTranslation();
  const meta = header.column.columnDef.meta;
  const sorted = header.column.getIsSorted();
  const canSort = header.column.getCanSort();
  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined;
  const isSelect = header.column.id === 'select' && selectable;
  return (
    <div
      role="columnheader"
      aria-colindex={index + 1}
      aria-sort={ariaSort}
      data-r={0}
      data-c={index}
      tabIndex={tabIndex}
      className={`grid-cell grid-colheader ${meta?.numeric ? 'num' : ''}`}
      onMouseDown={onMouseDown}
    >
      {isSelect ? (
        <input
          type="checkbox"
          tabIndex={-1}
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
          aria-label={t('grid.selectAll')}
        />
      ) : canSort ? (
        <span className="sort-button" onClick={header.column.getToggleSortingHandler()}>
          {flexRender(header.column.columnDef.header, header.getContext())}
          <span className="sort-indicator" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
          </span>
        </span>
      ) : (
        flexRender(header.column.columnDef.header, header.getContext())
      )}
    </div>
  );
}
