import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PagedRows } from '../../state/paged-rows.ts';
import type { GridSelection } from './types.ts';

const NONE: ReadonlySet<string> = new Set();

/**
 * A screen's selection that empties when what the grid lists changes (`listKey`: its filters):
 * a count of rows selected that are no longer on screen would be a promise nobody can check.
 * Reset while rendering (not in an effect), so a stale selection is never shown even for one
 * frame — and gone for good: going back to the old filter does not bring it back.
 */
export function useListSelection(listKey: string): [ReadonlySet<string>, (next: ReadonlySet<string>) => void] {
  const [state, setState] = useState<{ listKey: string; selected: ReadonlySet<string> }>({ listKey, selected: NONE });
  if (state.listKey !== listKey) setState({ listKey, selected: NONE });
  const set = useCallback((next: ReadonlySet<string>) => setState({ listKey, selected: next }), [listKey]);
  return [state.listKey === listKey ? state.selected : NONE, set];
}

export interface GridSelectionControls<T> {
  isSelected: (row: T) => boolean;
  /** Toggle one row; with Shift, everything from the last toggled row to this one takes its new state. */
  toggleRow: (index: number, shift: boolean) => void;
  /** Every row of the list (all of it, not only what is loaded). */
  selectAll: () => void;
  clear: () => void;
  count: number;
  all: boolean;
}

/** Checkbox selection over a paged list: ranges and "all" ask the back end for the keys between. */
export function useGridSelection<T>(rows: PagedRows<T>, rowKey: (row: T) => string, selection: GridSelection | undefined): GridSelectionControls<T> {
  const anchor = useRef<number | null>(null);
  // The selection as last asked for: two keys pressed before React renders must build on each other.
  const latest = useRef<ReadonlySet<string>>(NONE);
  useLayoutEffect(() => {
    latest.current = selection?.selected ?? NONE;
  });

  // A new sort or filter is a new list: a Shift range cannot span two of them.
  useEffect(() => {
    anchor.current = null;
  }, [rows.sort, rows.total]);

  const setKeys = useCallback(
    (keys: readonly string[], value: boolean) => {
      if (!selection) return;
      const next = new Set(latest.current);
      for (const key of keys) {
        if (value) next.add(key);
        else next.delete(key);
      }
      latest.current = next;
      selection.onChange(next);
    },
    [selection],
  );

  const toggleRow = useCallback(
    (index: number, shift: boolean) => {
      if (!selection) return;
      const row = rows.rowAt(index);
      if (row === undefined) return;
      const value = !latest.current.has(rowKey(row));
      const from = anchor.current;
      anchor.current = index;
      if (shift && from !== null && from !== index) {
        // The rows between may not be loaded: their keys come from the back end, in this order.
        void rows.keysOfRange(Math.min(from, index), Math.max(from, index)).then((keys) => {
          if (keys) setKeys(keys, value);
        });
      } else {
        setKeys([rowKey(row)], value);
      }
    },
    [rows, rowKey, selection, setKeys],
  );

  const selectAll = useCallback(() => {
    void rows.allKeys().then((keys) => {
      if (keys && selection) selection.onChange(new Set(keys));
    });
  }, [rows, selection]);

  const clear = useCallback(() => selection?.onChange(new Set()), [selection]);

  const count = selection ? selection.selected.size : 0;
  const total = rows.total ?? 0;
  return {
    isSelected: (row) => selection !== undefined && selection.selected.has(rowKey(row)),
    toggleRow,
    selectAll,
    clear,
    count,
    all: selection !== undefined && total > 0 && count >= total,
  };
}
