/**
 * Benchmark 3 — export 100,000 discrepancy rows to the styled workbook, against exceljs's own
 * streaming writer writing the same rows with no logic. Targets: under 10 s, within 1.5×, peak RSS
 * under 400 MB (each a fresh child process).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portalCacheForProviders, type BenchCache } from './caches.ts';
import { measurePaired, pairedRow, runsFor } from './lib/measure.ts';
import type { BenchRow, Benchmark } from './lib/types.ts';

const WORKER = fileURLToPath(new URL('./workers/export.ts', import.meta.url));
export const EXPORT_MS_TARGET = 10_000;
export const EXPORT_RATIO_TARGET = 1.5;
export const EXPORT_RSS_TARGET_MB = 400;
/** In this dataset 55 of every 87 provider-week rows differ: 1,815 providers give ~100,000 discrepancies. */
const DISCREPANCIES_PER_PROVIDER = 55.1;
/** The largest size: 10× the target, a million discrepancies (All rows then runs on to a second sheet). */
const LARGEST_FACTOR = 10;

export const benchmark: Benchmark = {
  name: 'export',
  async run(options) {
    const started = performance.now();
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const target = options.quick ? 10_000 : 100_000;
    const measure = async (scale: number, providers: number): Promise<BenchRow | null> => {
      let cache: BenchCache;
      try {
        cache = await portalCacheForProviders(providers, options);
      } catch (error) {
        notes.push(`×${scale}: no cache — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
        return null;
      }
      const r = cache.replay;
      const out = join(options.workDir, `export-${providers}.xlsx`);
      const call = (mode: string) => ({ script: WORKER, args: { mode, dbPath: cache.path, connection: cache.connection, from: r.from, to: r.to, now: r.nowMs, out } });
      try {
        const samples = await measurePaired(call('candidate'), call('baseline'), runsFor(scale, options), options);
        const discrepancies = samples.candidate[0]?.values.discrepancies ?? 0;
        const all = samples.candidate[0]?.values.rows ?? 0;
        return pairedRow(samples, {
          label: `${discrepancies.toLocaleString('en')} discrepancies (+${all.toLocaleString('en')} in All rows)`,
          series: 'discrepancy rows',
          scale,
          count: discrepancies,
          checks: ({ candidate, ratio, rss }) =>
            scale === 1
              ? [
                  { target: '< 10 s', actual: `${(candidate.median / 1000).toFixed(2)} s`, pass: candidate.median < EXPORT_MS_TARGET },
                  { target: `≤ ${EXPORT_RATIO_TARGET}× bare writer`, actual: `${ratio.median.toFixed(2)}×`, pass: ratio.median <= EXPORT_RATIO_TARGET },
                  { target: `peak RSS < ${EXPORT_RSS_TARGET_MB} MB`, actual: `${rss.max.toFixed(0)} MB (max)`, pass: rss.max < EXPORT_RSS_TARGET_MB },
                ]
              : [{ target: `peak RSS < ${EXPORT_RSS_TARGET_MB} MB`, actual: `${rss.max.toFixed(0)} MB (max)`, pass: rss.max < EXPORT_RSS_TARGET_MB }],
          extra: (s) => ({
            File: `${((s.candidate[0]?.values.bytes ?? 0) / 1e6).toFixed(1)} MB`,
            'All rows sheets': String(s.candidate[0]?.values.allRowsSheets ?? '–'),
            'RSS before writing': `${(s.candidate[0]?.values.rssBeforeMB ?? 0).toFixed(0)} MB`,
          }),
        });
      } catch (error) {
        notes.push(`×${scale}: not measured — ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
        return null;
      }
    };
    const baseProviders = Math.round(target / DISCREPANCIES_PER_PROVIDER);
    const small = await measure(0.1, Math.round(baseProviders / 10));
    if (small) rows.push(small);
    const main = await measure(1, baseProviders);
    if (main) rows.push(main);
    if (!options.quick) {
      // Measured whatever it costs (one run): the size the export must hold to, past one sheet.
      const large = await measure(LARGEST_FACTOR, Math.round(baseProviders * LARGEST_FACTOR));
      if (large) rows.push(large);
      notes.push(`${LARGEST_FACTOR}× is ${(LARGEST_FACTOR * target).toLocaleString('en')} discrepancies: All rows passes Excel's 1,048,576 rows and continues on "All rows (2)". One run.`);
    }
    notes.push(
      'Candidate: writePortalWorkbook with every sheet (Summary with its cover and SUMIFS formulas with cached results, Discrepancies, All rows, Checks, Restatements, Review log, About), shared styles, number formats, highlights, dropdowns. Baseline: the same rows and cells of Discrepancies and All rows as plain values (useStyles: false), nothing else.',
    );
    return {
      name: 'export',
      title: '3. Export',
      candidate: 'the styled, streamed portal workbook (writePortalWorkbook)',
      baseline: "exceljs's streaming writer, same rows, no styles or logic",
      rows,
      notes,
      elapsedMs: performance.now() - started,
    };
  },
};
