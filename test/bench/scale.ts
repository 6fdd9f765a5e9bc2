/**
 * Benchmark 5: how time and memory grow. Not measured separately: the ingest, reconcile and
 * export benchmarks each run at 0.1×, 1× and 10× their target size; this section lines the sizes
 * up as time per row, so superlinear growth shows as a per-row time that climbs.
 */
import type { BenchRow, BenchSection, Check } from './lib/types.ts';

/** Per-row time may drift this much from 1× to 10× and still count as linear (fixed costs, cache sizes). */
export const LINEAR_SLACK = 1.5;

function perRowUs(row: BenchRow): number {
  return (row.candidateMs.median * 1000) / row.count;
}

export function scaleSection(sections: readonly BenchSection[]): BenchSection | null {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const section of sections) {
    const bySeries = new Map<string, BenchRow[]>();
    for (const row of section.rows) {
      if (row.scale === undefined || !row.series) continue;
      const list = bySeries.get(row.series) ?? [];
      list.push(row);
      bySeries.set(row.series, list);
    }
    for (const [series, list] of bySeries) {
      if (list.length < 2) continue;
      list.sort((a, b) => (a.scale ?? 0) - (b.scale ?? 0));
      const base = list.find((r) => r.scale === 1) ?? list[0];
      if (!base) continue;
      const basePerRow = perRowUs(base);
      const baseRss = base.candidateRssMB?.median;
      for (const row of list) {
        const growth = perRowUs(row) / basePerRow;
        const checks: Check[] = [];
        if ((row.scale ?? 0) > (base.scale ?? 1)) {
          checks.push({ target: `per-row time ≤ ${LINEAR_SLACK}× that at 1×`, actual: `${growth.toFixed(2)}×`, pass: growth <= LINEAR_SLACK });
        }
        const rss = row.candidateRssMB?.median;
        rows.push({
          label: `${section.name}: ${row.label}`,
          count: row.count,
          candidateMs: row.candidateMs,
          baselineMs: row.baselineMs,
          ratio: row.ratio,
          candidateRssMB: row.candidateRssMB,
          baselineRssMB: row.baselineRssMB,
          extra: {
            'Per-row vs 1×': `${growth.toFixed(2)}×`,
            'RSS vs 1×': rss !== undefined && baseRss !== undefined ? `${(rss / baseRss).toFixed(2)}×` : '–',
          },
          checks,
        });
      }
      if (list.length > 0 && !list.some((r) => (r.scale ?? 0) >= 10)) {
        notes.push(`${section.name} (${series}): the 10× size was not measured in this run; see the ${section.name} notes for why.`);
      }
    }
  }
  if (rows.length === 0) return null;
  return {
    name: 'scale',
    title: '5. Scale: time per row at 0.1×, 1× and 10×',
    candidate: 'the candidate rows of benchmarks 1–3, lined up by size',
    baseline: 'the same sizes of their baselines',
    rows,
    notes: [
      ...notes,
      'Linear growth means a flat per-row time. Memory is not expected to be flat: datasets held in memory grow with size; the streaming export should not.',
    ],
    elapsedMs: 0,
  };
}
