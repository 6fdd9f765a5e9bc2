import type { ReactNode } from 'react';

export interface GridColumn<T> {
  /** The back end's column id (what reconcile:rows sorts by). */
  id: string;
  header: string;
  /** Width in px (the least it gets; `flex` columns share what is left). */
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

/** What a screen can ask of its grid from outside (after a bulk action, focus goes back to it). */
export interface DataGridHandle {
  /** Focus the grid's current cell (or its first row), scrolling it into view. */
  focus(): void;
}

/** A cell of the grid: r 0 is the header, 1.. the body rows (row index + 1). */
export interface Cell {
  r: number;
  c: number;
}
