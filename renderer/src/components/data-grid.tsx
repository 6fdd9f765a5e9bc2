import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import type { PagedRows } from '../state/paged-rows.ts';

export interface GridColumn<T> {
  /** The back end's column id (what reconcile:rows sorts by). */
  id: string;
  header: string;
  size: number;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** Grows to take the free width. */
  flex?: boolean;
  /** Default true. */
  sortable?: boolean;
  /** Amounts and counts read best biggest first. */
  sortDescFirst?: boolean;
  cell: (row: T) => ReactNode;
}

/** A header's sort: the column id and the direction (each list checks the id is one of its own). */
export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

export interface GridSelection {
  /** Item keys. */
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}

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
  /** Enter on a body row (drill-down). */
  onActivate?: (row: T) => void;
  rowClassName?: (row: T) => string;
  /** Turns on checkbox selection with Shift ranges. */
  selection?: GridSelection;
  testId?: string;
  emptyText?: string;
}

interface Cell {
  /** 0 = header, 1.. = body rows (row index + 1). */
  r: number;
  c: number;
}

/** asc → desc → none, or desc → asc → none for columns read biggest first (as the grid always did). */
export function nextSort(current: GridSort | null, column: string, descFirst: boolean): GridSort | null {
  const first = descFirst ? 'desc' : 'asc';
  if (current?.column !== column) return { column, direction: first };
  if (current.direction === first) return { column, direction: descFirst ? 'asc' : 'desc' };
  return null;
}

const SELECT_ID = '__select';

/**
 * A virtualized ARIA grid over a paged view: `count` is the whole filtered list, only the rows in
 * view (plus a few) are in the DOM, and rows not fetched yet show as busy placeholders. One cell is
 * tabbable at a time (roving tabindex); arrows, Home/End, PageUp/PageDown move, Enter sorts a header
 * or opens a row, Space (Shift+Space) selects. Sorting is the back end's: a header asks, it does not sort.
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
}: Props<T>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const selectColumn: GridColumn<T> = { id: SELECT_ID, header: t('grid.select'), size: 44, sortable: false, cell: () => null };
  const columns = selection ? [selectColumn, ...dataColumns] : dataColumns;
  const colCount = columns.length;
  const total = rows.total ?? 0;
  const [active, setActive] = useState<Cell>({ r: 1, c: 0 });
  const focusWanted = useRef(false);
  const anchor = useRef<number | null>(null);

  // TanStack Virtual hands back fresh functions each render; this component is meant to re-render with it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const template = columns.map((col) => (col.flex ? `minmax(${col.size}px, 1fr)` : `${col.size}px`)).join(' ');
  const minWidth = columns.reduce((sum, col) => sum + col.size, 0);

  // Keep the active cell inside the grid when filters shrink it.
  const maxRow = total;
  const r = Math.min(active.r, maxRow);
  const c = Math.min(active.c, Math.max(0, colCount - 1));

  const items = virtualizer.getVirtualItems();
  const activeRendered = r === 0 || items.some((v) => v.index === r - 1);
  const firstIndex = items[0]?.index;
  const lastIndex = items[items.length - 1]?.index;

  useEffect(() => {
    if (firstIndex !== undefined && lastIndex !== undefined) rows.ensure(firstIndex, lastIndex);
  });

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: true });
    }
  });

  // A new sort or filter is a new list: a Shift range cannot span two of them.
  useEffect(() => {
    anchor.current = null;
  }, [rows.sort, rows.total]);

  const setKeys = useCallback(
    (keys: readonly string[], value: boolean) => {
      if (!selection) return;
      const next = new Set(selection.selected);
      for (const key of keys) {
        if (value) next.add(key);
        else next.delete(key);
      }
      selection.onChange(next);
    },
    [selection],
  );

  const toggleRow = useCallback(
    (index: number, shift: boolean) => {
      if (!selection) return;
      const row = rows.rowAt(index);
      if (row === undefined) return;
      const key = rowKey(row);
      const value = !selection.selected.has(key);
      const from = anchor.current;
      anchor.current = index;
      if (shift && from !== null && from !== index) {
        // The rows between may not be loaded: their keys come from the back end, in this order.
        void rows.keysOfRange(Math.min(from, index), Math.max(from, index)).then((keys) => {
          if (keys) setKeys(keys, value);
        });
      } else {
        setKeys([key], value);
      }
    },
    [rows, rowKey, selection, setKeys],
  );

  const selectAll = useCallback(() => {
    void rows.allKeys().then((keys) => {
      if (keys && selection) selection.onChange(new Set(keys));
    });
  }, [rows, selection]);

  const toggleSort = (index: number) => {
    const col = columns[index];
    if (!col || col.sortable === false) return;
    onSortChange(nextSort(sort, col.id, col.sortDescFirst === true));
  };

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
      case 'Enter': {
        const row = r > 0 ? rows.rowAt(r - 1) : undefined;
        if (r === 0) toggleSort(c);
        else if (onActivate && row !== undefined) onActivate(row);
        break;
      }
      case ' ':
        if (r > 0 && selection) toggleRow(r - 1, e.shiftKey);
        else if (r === 0) toggleSort(c);
        break;
      case 'a':
        if ((e.ctrlKey || e.metaKey) && selection) selectAll();
        else return;
        break;
      case 'Escape':
        if (selection) selection.onChange(new Set());
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const tabIndexFor = (rr: number, cc: number) => {
    if (activeRendered) return rr === r && cc === c ? 0 : -1;
    return rr === 0 && cc === c ? 0 : -1;
  };

  const onCellMouseDown = (rr: number, cc: number) => () => setActive({ r: rr, c: cc });

  const onCheckboxClick = (index: number) => (e: MouseEvent<HTMLInputElement>) => {
    e.preventDefault();
    toggleRow(index, e.shiftKey);
  };

  const selectedCount = selection ? selection.selected.size : 0;
  const allSelected = selection !== undefined && total > 0 && selectedCount >= total;
  const shownSort = rows.sort;
  const firstDataColumn = selection ? 1 : 0;

  return (
    <div className={`data-grid ${heightClass}`} data-testid={testId}>
      <div className="grid-scroll" ref={scrollRef}>
        <div
          ref={gridRef}
          role="grid"
          aria-label={label}
          aria-rowcount={total + 1}
          aria-colcount={colCount}
          aria-multiselectable={selection ? true : undefined}
          aria-busy={rows.total === null ? true : undefined}
          onKeyDown={onKeyDown}
          style={{ minWidth }}
        >
          <div role="rowgroup" className="grid-header">
            <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns: template }}>
              {columns.map((col, ci) => {
                const sorted = shownSort?.column === col.id ? shownSort.direction : null;
                const canSort = col.sortable !== false && col.id !== SELECT_ID;
                const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined;
                return (
                  <div
                    key={col.id}
                    role="columnheader"
                    aria-colindex={ci + 1}
                    aria-sort={ariaSort}
                    data-r={0}
                    data-c={ci}
                    tabIndex={tabIndexFor(0, ci)}
                    className={`grid-cell grid-colheader ${col.numeric ? 'num' : ''}`}
                    onMouseDown={onCellMouseDown(0, ci)}
                  >
                    {col.id === SELECT_ID ? (
                      <input
                        type="checkbox"
                        tabIndex={-1}
                        checked={allSelected}
                        ref={(el) => {
                          if (el) el.indeterminate = selectedCount > 0 && !allSelected;
                        }}
                        onChange={() => (allSelected ? selection?.onChange(new Set()) : selectAll())}
                        aria-label={t('grid.selectAll')}
                      />
                    ) : canSort ? (
                      <span className="sort-button" onClick={() => toggleSort(ci)}>
                        {col.header}
                        <span className="sort-indicator" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </span>
                    ) : (
                      col.header
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const row = rows.rowAt(v.index);
              const rr = v.index + 1;
              const loaded = row !== undefined;
              const selected = selection ? loaded && selection.selected.has(rowKey(row)) : undefined;
              return (
                <div
                  // By position, not by item: a row keeps its DOM node (and focus) when its page is refetched.
                  key={v.index}
                  role="row"
                  aria-rowindex={rr + 1}
                  aria-selected={selected}
                  aria-busy={loaded ? undefined : true}
                  data-index={v.index}
                  className={`grid-row ${loaded && rowClassName ? rowClassName(row) : ''} ${loaded ? '' : 'grid-row-loading'}`}
                  style={{ gridTemplateColumns: template, height: v.size, transform: `translateY(${v.start}px)` }}
                  onDoubleClick={onActivate && loaded ? () => onActivate(row) : undefined}
                >
                  {columns.map((col, ci) => (
                    <div
                      key={col.id}
                      role="gridcell"
                      aria-colindex={ci + 1}
                      data-r={rr}
                      data-c={ci}
                      tabIndex={tabIndexFor(rr, ci)}
                      className={`grid-cell ${col.numeric ? 'num' : ''}`}
                      onMouseDown={onCellMouseDown(rr, ci)}
                    >
                      {!loaded ? (
                        ci === firstDataColumn ? (
                          <span className="muted">{t('grid.loading')}</span>
                        ) : null
                      ) : col.id === SELECT_ID ? (
                        <input
                          type="checkbox"
                          tabIndex={-1}
                          checked={!!selected}
                          readOnly
                          onClick={onCheckboxClick(v.index)}
                          aria-label={t('grid.selectRow', { index: rr })}
                        />
                      ) : (
                        col.cell(row)
                      )}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
        {rows.total === 0 ? <div className="empty">{emptyText ?? t('grid.empty')}</div> : null}
      </div>
      <div className="grid-footer" aria-live="polite">
        <span data-testid="grid-row-count">{rows.total === null ? t('grid.counting') : t('grid.rows', { count: total, n: formatCount(total, locale) })}</span>
        {selection ? (
          <span data-testid="grid-selected-count">{t('grid.selected', { count: selectedCount, n: formatCount(selectedCount, locale) })}</span>
        ) : null}
        <span className="header-spacer" />
        <span>{t('grid.keys')}</span>
      </div>
    </div>
  );
}
