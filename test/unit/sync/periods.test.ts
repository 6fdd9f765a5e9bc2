import { describe, expect, it } from 'vitest';
import { chunkProviders, cutPeriods, cutWindows, isoWeekMonday, monthLastDay, planWindows } from '../../../electron/core/sync/periods.ts';
import { daysInclusive } from '../../../electron/core/upstream/dates.ts';

describe('period cutting', () => {
  it('cuts calendar months, clipped to the range, across a leap February', () => {
    const periods = cutPeriods('2024-01-15', '2024-03-10', 'month');
    expect(periods).toEqual([
      { kind: 'month', start: '2024-01-15', end: '2024-01-31' },
      { kind: 'month', start: '2024-02-01', end: '2024-02-29' },
      { kind: 'month', start: '2024-03-01', end: '2024-03-10' },
    ]);
    expect(monthLastDay('2025-02-03')).toBe('2025-02-28');
    expect(monthLastDay('2000-02-01')).toBe('2000-02-29');
    expect(monthLastDay('1900-02-01')).toBe('1900-02-28');
    expect(monthLastDay('2025-12-31')).toBe('2025-12-31');
  });

  it('covers a whole year by month with no gap and no overlap', () => {
    const periods = cutPeriods('2025-01-01', '2025-12-31', 'month');
    expect(periods).toHaveLength(12);
    expect(periods.reduce((n, p) => n + daysInclusive(p.start, p.end), 0)).toBe(365);
  });

  it('cuts ISO weeks Monday to Sunday across a year boundary', () => {
    // 2020-12-28 is the Monday of ISO week 53 of 2020; 2021-01-04 starts week 1 of 2021.
    expect(isoWeekMonday('2021-01-01')).toBe('2020-12-28');
    expect(isoWeekMonday('2021-01-03')).toBe('2020-12-28');
    expect(isoWeekMonday('2021-01-04')).toBe('2021-01-04');
    expect(isoWeekMonday('2024-12-31')).toBe('2024-12-30');
    const weeks = cutPeriods('2020-12-28', '2021-01-10', 'week');
    expect(weeks).toEqual([
      { kind: 'week', start: '2020-12-28', end: '2021-01-03' },
      { kind: 'week', start: '2021-01-04', end: '2021-01-10' },
    ]);
    const clipped = cutPeriods('2025-12-31', '2026-01-06', 'week');
    expect(clipped).toEqual([
      { kind: 'week', start: '2025-12-31', end: '2026-01-04' },
      { kind: 'week', start: '2026-01-05', end: '2026-01-06' },
    ]);
  });

  it('keeps a range as one period and refuses a reversed range', () => {
    expect(cutPeriods('2025-01-01', '2025-12-31', 'range')).toEqual([{ kind: 'range', start: '2025-01-01', end: '2025-12-31' }]);
    expect(() => cutPeriods('2025-02-01', '2025-01-01', 'month')).toThrow(/ends before it starts/);
  });
});

describe('window cutting (93 days, both ends counted)', () => {
  it('keeps exactly 93 days in one window and splits 94', () => {
    expect(daysInclusive('2026-01-01', '2026-03-31')).toBe(90);
    expect(cutWindows('2026-01-01', '2026-04-03', 93)).toEqual([{ start: '2026-01-01', end: '2026-04-03' }]);
    expect(daysInclusive('2026-01-01', '2026-04-03')).toBe(93);
    expect(cutWindows('2026-01-01', '2026-04-04', 93)).toEqual([
      { start: '2026-01-01', end: '2026-04-03' },
      { start: '2026-04-04', end: '2026-04-04' },
    ]);
  });

  it('cuts a leap year range into windows of at most 93 days that tile it exactly', () => {
    const windows = cutWindows('2024-01-01', '2024-12-31', 93);
    expect(windows.every((w) => daysInclusive(w.start, w.end) <= 93)).toBe(true);
    expect(windows.reduce((n, w) => n + daysInclusive(w.start, w.end), 0)).toBe(366);
    expect(windows[0]?.start).toBe('2024-01-01');
    expect(windows.at(-1)?.end).toBe('2024-12-31');
    for (let i = 1; i < windows.length; i++) expect(daysInclusive(windows[i - 1]?.end ?? '', windows[i]?.start ?? '')).toBe(2);
  });

  it('handles a single day', () => {
    expect(cutWindows('2025-06-30', '2025-06-30', 93)).toEqual([{ start: '2025-06-30', end: '2025-06-30' }]);
  });
});

describe('provider chunks', () => {
  it('de-duplicates, sorts and chunks at 100', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const chunks = chunkProviders([...ids, 'p001', ' '], 100);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunkProviders(undefined, 100)).toEqual([[]]);
    expect(chunkProviders([], 100)).toEqual([[]]);
  });

  it('plans periods × windows × chunks in date order', () => {
    const plan = planWindows('2025-01-01', '2025-12-31', 'range', { maxDays: 93, providers: Array.from({ length: 101 }, (_, i) => `x${i}`) });
    expect(plan).toHaveLength(4 * 2);
    expect(plan.every((p) => p.providers.length <= 100 && daysInclusive(p.window.start, p.window.end) <= 93)).toBe(true);
    expect(plan[0]?.providerFilter.split(',')).toHaveLength(100);
  });
});
