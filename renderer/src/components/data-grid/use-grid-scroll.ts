import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { PagedRows } from '../../state/paged-rows.ts';

/**
 * Virtual scrolling over a paged list: only the rows in view (plus a few) are in the DOM, and the
 * pages under them are asked for as they come into view.
 */
export function useGridScroll<T>(rows: PagedRows<T>, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = rows.total ?? 0;

  // TanStack Virtual hands back fresh functions each render; this hook is meant to re-render with it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index;
  const lastIndex = items[items.length - 1]?.index;
  useEffect(() => {
    if (firstIndex !== undefined && lastIndex !== undefined) rows.ensure(firstIndex, lastIndex);
  });

  return {
    scrollRef,
    items,
    totalHeight: virtualizer.getTotalSize(),
    /** Rows that fit in the view, less one (PageUp/PageDown). */
    pageRows: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1),
    /** Bring body row `index` (0-based) into view, or the top for the header. */
    reveal: (index: number | null) => {
      if (index === null) scrollRef.current?.scrollTo({ top: 0 });
      else virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    isRendered: (index: number) => items.some((v) => v.index === index),
  };
}
