import type { GridSort } from './types.ts';

/** asc → desc → none, or desc → asc → none for columns read biggest first. */
export function nextSort(current: GridSort | null, column: string, descFirst: boolean): GridSort | null {
  const first = descFirst ? 'desc' : 'asc';
  if (current?.column !== column) return { column, direction: first };
  if (current.direction === first) return { column, direction: descFirst ? 'asc' : 'desc' };
  return null;
}

export type SortState = 'asc' | 'desc' | null;

export function ariaSort(sorted: SortState, sortable: boolean): 'ascending' | 'descending' | 'none' | undefined {
  if (sorted === 'asc') return 'ascending';
  if (sorted === 'desc') return 'descending';
  return sortable ? 'none' : undefined;
}

/** A header's label with its sort arrow; the whole header cell is what sorts (see DataGrid). */
export function SortLabel({ label, sorted }: { label: string; sorted: SortState }) {
  return (
    <span className="sort-label">
      <span className="sort-text">{label}</span>
      <span className="sort-indicator" aria-hidden="true">
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
      </span>
    </span>
  );
}
