export { DataGrid } from './data-grid.tsx';
export { nextSort } from './sorting.tsx';
export { useListSelection } from './use-grid-selection.ts';
export type { DataGridHandle, GridColumn, GridSelection, GridSort } from './types.ts';
