import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Cell } from './types.ts';

interface Options {
  gridRef: RefObject<HTMLDivElement | null>;
  /** Body rows in the list. */
  rowCount: number;
  colCount: number;
  pageRows: () => number;
  /** Scroll body row `index` (0-based) into view, or the header when null. */
  reveal: (index: number | null) => void;
  isRendered: (index: number) => boolean;
  /** Enter or Space on header column `c`. */
  sort: (c: number) => void;
  /** Enter on body row `index`; false when rows do not open. */
  activate: ((index: number) => void) | null;
  /** Space on body row `index`; null without selection. */
  toggle: ((index: number, shift: boolean) => void) | null;
  selectAll: (() => void) | null;
  clear: (() => void) | null;
}

/**
 * The grid's keyboard: one cell is tabbable at a time (roving tabindex); arrows, Home/End,
 * PageUp/PageDown move; Enter sorts a header or opens a row; Space selects (Shift for a range);
 * Ctrl+A selects all, Escape clears. Focus follows the active cell, and can be brought back to it
 * from outside (after a bulk action or a dialog).
 */
export function useGridKeyboard(o: Options) {
  const [active, setActive] = useState<Cell>({ r: 1, c: 0 });
  const [focusRequest, setFocusRequest] = useState(0);
  const focusWanted = useRef(false);

  // Keep the active cell inside the grid when filters shrink it.
  const r = Math.min(active.r, o.rowCount);
  const c = Math.min(active.c, Math.max(0, o.colCount - 1));
  const activeRendered = r === 0 || o.isRendered(r - 1);

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const el = o.gridRef.current?.querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const move = (next: Cell) => {
    const nr = Math.max(0, Math.min(o.rowCount, next.r));
    const nc = Math.max(0, Math.min(o.colCount - 1, next.c));
    focusWanted.current = true;
    setActive({ r: nr, c: nc });
    o.reveal(nr > 0 ? nr - 1 : null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // The cell, or a control inside it (a clicked checkbox keeps the focus): the keys are the grid's.
    if ((e.target as HTMLElement).closest('[data-r]') === null) return;
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
        move({ r: r + o.pageRows(), c });
        break;
      case 'PageUp':
        move({ r: Math.max(1, r - o.pageRows()), c });
        break;
      case 'Home':
        move(e.ctrlKey || e.metaKey ? { r: 1, c: 0 } : { r, c: 0 });
        break;
      case 'End':
        move(e.ctrlKey || e.metaKey ? { r: o.rowCount, c: o.colCount - 1 } : { r, c: o.colCount - 1 });
        break;
      case 'Enter':
        if (r === 0) o.sort(c);
        else if (o.activate) o.activate(r - 1);
        else return;
        break;
      case ' ':
        if (r === 0) o.sort(c);
        else if (o.toggle) o.toggle(r - 1, e.shiftKey);
        else return;
        break;
      case 'a':
        if ((e.ctrlKey || e.metaKey) && o.selectAll) o.selectAll();
        else return;
        break;
      case 'Escape':
        if (o.clear) o.clear();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return {
    active: { r, c },
    onKeyDown,
    /** Only the active cell is tabbable; when it is scrolled out of the DOM, its header cell is. */
    tabIndexFor: (rr: number, cc: number) => (activeRendered ? (rr === r && cc === c ? 0 : -1) : rr === 0 && cc === c ? 0 : -1),
    /** A click makes the cell active (the browser focuses it). */
    activateCell: (rr: number, cc: number) => setActive({ r: rr, c: cc }),
    /** Focus the active cell again (it may have to be scrolled into view first). */
    focus: () => {
      focusWanted.current = true;
      o.reveal(r > 0 ? r - 1 : null);
      setFocusRequest((n) => n + 1);
    },
    focusRequest,
  };
}
