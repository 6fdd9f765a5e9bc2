/**
 * Frame figures from requestAnimationFrame intervals.
 *
 * Chromium hands rAF one timestamp per vsync and coarsens the page's clock to 0.1 ms, so at 60 Hz
 * an on-time frame reads 16.6–16.8 ms and a late one reads 33.3 ms or more: nothing falls between.
 * A frame is therefore "over budget" above 16.7 ms plus that reading slack, not above 16.7 ms
 * exactly (which would count half the on-time frames of an idle page).
 */
import { quantile } from '../lib/stats.ts';

export const FRAME_TARGET_MS = 16.7;
/** Readings up to here are one vsync at 60 Hz; the next possible reading is ~33.3 ms. */
export const ON_TIME_MAX_MS = 17;

export interface FrameFigures {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Share (0..1) of frames over ON_TIME_MAX_MS. */
  overBudget: number;
}

export function frameFigures(intervals: readonly number[]): FrameFigures {
  const sorted = [...intervals].sort((a, b) => a - b);
  const over = sorted.filter((ms) => ms > ON_TIME_MAX_MS).length;
  return {
    frames: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    overBudget: sorted.length > 0 ? over / sorted.length : Number.NaN,
  };
}

export function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–';
}
