import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaSort, SortLabel } from './sorting.tsx';
import type { GridColumn, GridSort } from './types.ts';

/** The select column's id (it has no data of its own). */
export const SELECT_ID = '__select';

/** What a row needs from the grid's keyboard hook: its roving tabindex and where a click lands. */
interface CellFocus {
  tabIndexFor: (r: number, c: number) => 0 | -1;
  activateCell: (r: number, c: number) => void;
}

interface HeaderProps<T> {
  columns: GridColumn<T>[];
  template: string;
  /** The sort of the rows on screen (what the arrows show). */
  shownSort: GridSort | null;
  focus: CellFocus;
  onSort: (column: number) => void;
  all: boolean;
  someSelected: boolean;
  onSelectAll: (select: boolean) => void;
}

/** The heading row: a click anywhere on a heading sorts by it; the first cell selects everything. */
export function HeaderRow<T>({ columns, template, shownSort, focus, onSort, all, someSelected, onSelectAll }: HeaderProps<T>) {
  const { t } = useTranslation();
  return (
    <div role="row" aria-rowindex={1} className="grid-row" style={{ gridTemplateColumns: template }}>
      {columns.map((col, ci) => {
        const sorted = shownSort?.column === col.id ? shownSort.direction : null;
        const canSort = col.sortable !== false && col.id !== SELECT_ID;
        return (
          <div
            key={col.id}
            role="columnheader"
            aria-colindex={ci + 1}
            aria-sort={ariaSort(sorted, canSort)}
            data-r={0}
            data-c={ci}
            tabIndex={focus.tabIndexFor(0, ci)}
            className={`grid-cell grid-colheader ${col.numeric ? 'num' : ''} ${canSort ? 'sortable' : ''}`}
            onMouseDown={() => focus.activateCell(0, ci)}
            onClick={canSort ? () => onSort(ci) : undefined}
          >
            {col.id === SELECT_ID ? (
              <input
                type="checkbox"
                tabIndex={-1}
                checked={all}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected && !all;
                }}
                onChange={() => onSelectAll(!all)}
                aria-label={t('grid.selectAll')}
              />
            ) : canSort ? (
              <SortLabel label={col.header} sorted={sorted} />
            ) : (
              <span className="sort-text">{col.header}</span>
            )}
          </div>
        );
      })}
    </div>
  );
}

interface BodyRowProps<T> {
  columns: GridColumn<T>[];
  template: string;
  /** 0-based index in the list; undefined row: its page is on its way. */
  index: number;
  row: T | undefined;
  selected: boolean | undefined;
  size: number;
  start: number;
  focus: CellFocus;
  firstDataColumn: number;
  className: string;
  onToggle: (index: number, shift: boolean) => void;
  onOpen: ((row: T) => void) | undefined;
}

/** One body row, placed by the virtualizer; a busy placeholder until its page arrives. */
export function BodyRow<T>({ columns, template, index, row, selected, size, start, focus, firstDataColumn, className, onToggle, onOpen }: BodyRowProps<T>) {
  const { t } = useTranslation();
  const rr = index + 1;
  // The click on a checkbox is the toggle: no preventDefault (React then loses the box's state).
  const onCheckboxClick = (e: MouseEvent<HTMLInputElement>) => onToggle(index, e.shiftKey);
  return (
    <div
      role="row"
      aria-rowindex={rr + 1}
      aria-selected={selected}
      aria-busy={row === undefined ? true : undefined}
      data-index={index}
      className={`grid-row ${className} ${row === undefined ? 'grid-row-loading' : ''}`}
      style={{ gridTemplateColumns: template, height: size, transform: `translateY(${start}px)` }}
      onDoubleClick={onOpen && row !== undefined ? () => onOpen(row) : undefined}
    >
      {columns.map((col, ci) => (
        <div
          key={col.id}
          role="gridcell"
          aria-colindex={ci + 1}
          data-r={rr}
          data-c={ci}
          tabIndex={focus.tabIndexFor(rr, ci)}
          className={`grid-cell ${col.numeric ? 'num' : ''} ${col.flex ? 'grid-cell-flex' : ''}`}
          onMouseDown={() => focus.activateCell(rr, ci)}
        >
          {row === undefined ? (
            ci === firstDataColumn ? (
              <span className="muted">{t('grid.loading')}</span>
            ) : null
          ) : col.id === SELECT_ID ? (
            <input type="checkbox" tabIndex={-1} checked={!!selected} readOnly onClick={onCheckboxClick} aria-label={t('grid.selectRow', { index: rr })} />
          ) : (
            col.cell(row)
          )}
        </div>
      ))}
    </div>
  );
}
