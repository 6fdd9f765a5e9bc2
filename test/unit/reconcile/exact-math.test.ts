import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, percentOf, withinPercent } from '../../../electron/core/money/index.ts';
import { classify, portalFiguresText, portalFiguresHash, paygFiguresText, paygFiguresHash, figuresHash } from '../../../electron/core/reconcile/index.ts';
import { minorFormatter, percent2, withinPercentOf } from '../../../electron/core/reconcile/fast-math.ts';
import type { PaygRow, PortalRow, PortalTotals } from '../../../electron/core/reconcile/index.ts';
import { canonicalJson } from '../../../electron/core/review/index.ts';

const amount = fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.maxSafeInteger(), fc.integer({ min: -5, max: 5 }));

describe('the hot-loop percent arithmetic is exactly the money module', () => {
  it('minorFormatter = formatMinor', () => {
    for (const e of [0, 2, 3]) {
      const f = minorFormatter(e);
      fc.assert(
        fc.property(amount, (m) => {
          expect(f(m)).toBe(formatMinor(m, e));
        }),
        { numRuns: 3000 },
      );
      expect([0, -0, 5, -5, 100, -100, 1234567].map(f)).toEqual([0, -0, 5, -5, 100, -100, 1234567].map((m) => formatMinor(m, e)));
    }
  });

  it('percent2 = percentOf', () => {
    fc.assert(
      fc.property(amount, amount, (n, d) => {
        expect(percent2(n, d)).toBe(percentOf(n, d));
      }),
      { numRuns: 5000 },
    );
    expect(percent2(1, 3)).toBe('33.33');
    expect(percent2(2, 3)).toBe('66.67');
    expect(percent2(-1, 200)).toBe('-0.50');
    expect(percent2(-1, 20_001)).toBe('0.00');
    expect(percent2(5, 0)).toBeNull();
  });

  it('withinPercentOf = withinPercent', () => {
    const pct = fc.oneof(fc.constantFrom('0', '0.5', '1', '2.25', '100', '0.000001', '0.0000005'), fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 1000).toFixed(3)));
    fc.assert(
      fc.property(amount, amount, pct, (a, b, p) => {
        expect(withinPercentOf(p)(a, b)).toBe(withinPercent(a, b, p));
      }),
      { numRuns: 5000 },
    );
  });

  it('classes: zero is MATCHED; the tolerance boundary is inside', () => {
    const tol = (absMinor: number, pct: string) => ({ absMinor, pct, withinPct: withinPercentOf(pct) });
    expect(classify(0, 100, tol(0, '0'))).toBe('MATCHED');
    expect(classify(5, 100, tol(5, '0'))).toBe('WITHIN_TOLERANCE');
    expect(classify(-6, 100, tol(5, '0'))).toBe('PROVIDER_LOWER');
    expect(classify(6, 100, tol(5, '6'))).toBe('WITHIN_TOLERANCE');
    expect(classify(7, 100, tol(5, '6'))).toBe('PROVIDER_HIGHER');
  });
});

describe('the figures text a sign-off hashes', () => {
  it('is canonical JSON of itself, so any tool can recompute the hash', () => {
    const row = { key: 'P|00123|2026-01-01', taskCount: 3, invoiced: '10.00', paid: '5.00', pending: '5.00', providerReported: '-11.05' } as PortalRow;
    const totals = { currency: 'COP', rowCount: 1, taskCount: 3, invoiced: '10.00', paid: '5.00', pending: '5.00', providerReported: '11.00' } as PortalTotals;
    const text = portalFiguresText({ connection: 'a "b"', from: '2026-01-01', to: '2026-01-31', period: 'month' }, [row], totals);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    const payg = { currency: 'NGN', periodStart: '2026-01-05', count: 2, billed: '1.00', collected: '1.00', outstanding: '0.00', failed: '0.00', draft: '0.00' } as PaygRow;
    const ptext = paygFiguresText({ connection: 'lms', from: '2026-01-05', to: '2026-01-11', period: 'week' }, [payg], [payg]);
    expect(canonicalJson(JSON.parse(ptext))).toBe(ptext);
    expect(figuresHash(ptext)).toMatch(/^[0-9a-f]{64}$/);
    // The streamed hash is the hash of the very text stored with a sign-off.
    expect(paygFiguresHash({ connection: 'lms', from: '2026-01-05', to: '2026-01-11', period: 'week' }, [payg], [payg])).toBe(figuresHash(ptext));
    const many = Array.from({ length: 1500 }, (_, i) => ({ ...row, key: `P|${i}|2026-01-01` }));
    const head = { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month' };
    expect(portalFiguresHash(head, many, totals)).toBe(figuresHash(portalFiguresText(head, many, totals)));
    expect(canonicalJson(JSON.parse(portalFiguresText(head, many, totals)))).toBe(portalFiguresText(head, many, totals));
  });
});
