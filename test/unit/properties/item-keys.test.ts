/** Review item keys travel through Excel and back: parsing must never crash and never misread. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billingPeriodKey, findingKey, parseItemKey, portalRowKey } from '../../../electron/core/review/keys.ts';

const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const idPart = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('|'));

describe('item keys (property)', () => {
  it('round-trip for portal rows, billing periods and findings', () => {
    fc.assert(
      fc.property(idPart, date, fc.integer({ min: 1, max: 999_999_999_999_999 }), idPart, fc.option(idPart, { nil: null }), (providerId, periodStart, id, check, findingProvider) => {
        expect(parseItemKey(portalRowKey(providerId, periodStart))).toEqual({ kind: 'portal_row', providerId, periodStart });
        expect(parseItemKey(billingPeriodKey(id))).toEqual({ kind: 'billing_period', id });
        const parsed = parseItemKey(findingKey(check, findingProvider, periodStart));
        expect(parsed).toMatchObject({ kind: 'finding', check, periodStart });
      }),
      { numRuns: 1000 },
    );
  });

  it('answers any string with a key or null, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[PBF]\|[^|]{0,6}(\|[0-9-]{0,12}){0,3}$/)), (text) => {
        const parsed = parseItemKey(text);
        if (parsed === null) return;
        // Whatever it accepted rebuilds to the same text: no silent misreading.
        const rebuilt =
          parsed.kind === 'portal_row'
            ? portalRowKey(parsed.providerId, parsed.periodStart)
            : parsed.kind === 'billing_period'
              ? billingPeriodKey(parsed.id)
              : findingKey(parsed.check, parsed.providerId, parsed.periodStart);
        if (parsed.kind === 'billing_period') expect(Number(text.slice(2))).toBe(parsed.id);
        else expect(rebuilt).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});
