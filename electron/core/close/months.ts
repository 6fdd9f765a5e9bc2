/** The default months of the overview: the last six, the current one included. */
export function recentMonths(now: number, count = 6): { from: string; to: string } {
  const d = new Date(now);
  const to = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (count - 1), 1));
  return { from: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, to };
}
