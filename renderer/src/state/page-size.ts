/**
 * Rows per reconcile:rows request of the paged grids: a screen is ~25 rows, so one page covers
 * several screens of scrolling. Its own module so the UI benchmark's baseline asks the same size.
 */
export const PAGE_SIZE = 200;
