import { describe, expect, it } from 'vitest';

import { formatIsoDate, inclusiveDays, parseIsoDate } from '../../../electron/core/sandbox/calendar.ts';
import { formatMinor, mulDivRound, parseDecimalMinor, percentHundredths } from '../../../electron/core/sandbox/money.ts';
import { createRng, hash32, unitAt } from '../../../electron/core/sandbox/random.ts';

describe('random', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
    expect(createRng('x').fork('y').next()).toBe(createRng('x').fork('y').next());
  });

  it('keeps helpers within their ranges', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const v = rng.int(-2, 2);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(2);
      seen.add(v);
      const f = rng.next();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
    expect(['a', 'b', 'c']).toContain(rng.pick(['a', 'b', 'c']));
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    const hits = Array.from({ length: 10_000 }, () => rng.chance(0.25)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2_200);
    expect(hits).toBeLessThan(2_800);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
  });

  it('hashes stably and spreads values', () => {
    expect(hash32(42, 'day', 1, 2)).toBe(hash32(42, 'day', 1, 2));
    expect(hash32(42, 'day', 1, 2)).not.toBe(hash32(42, 'day', 2, 1));
    expect(hash32(2 ** 40)).not.toBe(hash32(0));
    const u = unitAt(hash32(1), 0);
    expect(u >= 0 && u < 1).toBe(true);
  });
});

describe('money', () => {
  it('renders minor units with exactly two decimals', () => {
    expect(formatMinor(24_580_000)).toBe('245800.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('parses decimals exactly and refuses unreadable text', () => {
    expect(parseDecimalMinor('125000.00')).toBe(12_500_000);
    expect(parseDecimalMinor('0.1')).toBe(10);
    expect(parseDecimalMinor('-3.07')).toBe(-307);
    expect(parseDecimalMinor('1.500')).toBe(150);
    expect(parseDecimalMinor('1.505')).toBeNull();
    expect(parseDecimalMinor('12,5O0.00')).toBeNull();
    expect(parseDecimalMinor('N/A')).toBeNull();
    expect(parseDecimalMinor('1e3')).toBeNull();
    expect(parseDecimalMinor('99999999999999999.00')).toBeNull();
  });

  it('computes rates to 2 decimals half-up without floats (the docs example)', () => {
    expect(percentHundredths(37, 42)).toBe(8810);
    expect(percentHundredths(33, 35)).toBe(9429);
    expect(percentHundredths(24, 28)).toBe(8571);
    expect(percentHundredths(1, 8)).toBe(1250);
    expect(percentHundredths(0, 0)).toBe(0);
    expect(mulDivRound(1, 1, 2)).toBe(1);
  });
});

describe('calendar', () => {
  it('parses strict ISO dates and counts days with both ends', () => {
    expect(parseIsoDate('2026-02-30')).toBeNull();
    expect(parseIsoDate('2026-2-3')).toBeNull();
    expect(parseIsoDate('2024-02-29')).not.toBeNull();
    const jan1 = parseIsoDate('2026-01-01') as number;
    expect(inclusiveDays(jan1, parseIsoDate('2026-03-31') as number)).toBe(90);
    expect(inclusiveDays(jan1, parseIsoDate('2026-04-03') as number)).toBe(93);
    expect(formatIsoDate(jan1)).toBe('2026-01-01');
  });
});
