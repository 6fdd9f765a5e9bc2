/**
 * The fast paths of the portal reconciliation against a plain reference built from the money
 * module: shared texts, the integer ranking (numeric, text and mixed provider ids), amounts past
 * 2^31 minor units, the approval-rate check SQLite pre-filters, and the lazy figures hash.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinor, parseDecimalToMinor, percentOf, withinPercent } from '../../../electron/core/money/index.ts';
import { portalFiguresHash, reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import { compareIds } from '../../../electron/core/reconcile/params.ts';
import { rangeFiguresHash } from '../../../electron/core/reconcile/figures-read.ts';
import { voidStaleSignoffs } from '../../../electron/core/review/stale-signoffs.ts';
import { addConnection, addGrandTotal, addPortalRow, addWindow, NOW, tempCache, type TempCache } from './fixtures.ts';

const WEEKS = [
  ['2026-01-05', '2026-01-11'],
  ['2026-01-12', '2026-01-18'],
  ['2026-01-19', '2026-01-25'],
] as const;

interface Line {
  providerId: string;
  week: number;
  invoiced: number;
  provider: number;
  paid: number;
  taskCount: number;
  approved: number;
  approvalRate: string | null;
}

const ids = fc.oneof(
  fc.uniqueArray(fc.constantFrom('7', '10', '007', '99', '100', '123456789012', '5', '50'), { minLength: 1, maxLength: 6 }),
  fc.uniqueArray(fc.constantFrom('A', 'b', 'Zeta', 'a-1', 'B', 'zz', 'Ñandú'), { minLength: 1, maxLength: 6 }),
  // Mixed, but a total order for compareIds: ids such as '1a' beside '2' and '10' make it cyclic,
  // and then no order is the reference one (the rows keep the order the sort happens to give).
  fc.uniqueArray(fc.constantFrom('7', '10', 'A', '2', 'b', '007', 'Zeta'), { minLength: 1, maxLength: 6 }),
);
// Past 2^31 minor units (V8's small integers) and far beyond, yet 25 of them still add up exactly.
const amount = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 2 ** 31 - 5, max: 2 ** 31 + 5 }), fc.integer({ min: 0, max: 2 ** 47 }), fc.constant(0));
const delta = fc.oneof(fc.constant(0), fc.integer({ min: -500, max: 500 }), fc.integer({ min: -(2 ** 33), max: 2 ** 33 }));
const rate = fc.oneof(fc.constant(null), fc.constantFrom('0.95', '66.670', '100', '12.5', 'n/a', '-0.00', '33.33'));
const line = (providerIds: string[]): fc.Arbitrary<Line> =>
  fc.record({
    providerId: fc.constantFrom(...providerIds),
    week: fc.integer({ min: 0, max: WEEKS.length - 1 }),
    invoiced: amount,
    delta,
    paidShare: fc.integer({ min: 0, max: 100 }),
    taskCount: fc.integer({ min: 0, max: 40 }),
    approvedShare: fc.integer({ min: 0, max: 100 }),
    approvalRate: rate,
  }).map((r) => {
    const approved = Math.floor((r.taskCount * r.approvedShare) / 100);
    return {
      providerId: r.providerId,
      week: r.week,
      invoiced: r.invoiced,
      provider: r.invoiced + r.delta,
      paid: Math.floor((r.invoiced / 100) * r.paidShare),
      taskCount: r.taskCount,
      approved,
      approvalRate: r.approvalRate,
    };
  });
const dataset = ids.chain((providerIds) =>
  fc.record({
    lines: fc.uniqueArray(line(providerIds), { minLength: 1, maxLength: 25, selector: (l) => `${l.providerId}|${l.week}` }),
    toleranceAbs: fc.constantFrom('0', '1.00', '5000'),
    tolerancePct: fc.constantFrom('0', '0.5', '2.25'),
  }),
);

let cache: TempCache;
beforeAll(() => {
  cache = tempCache();
});
afterAll(() => cache.cleanup());

let runs = 0;
function seed(lines: readonly Line[]): string {
  runs += 1;
  const name = `p${runs}`;
  const conn = addConnection(cache.db, { name, kind: 'portal', currency: 'COP' });
  WEEKS.forEach(([start, end], week) => {
    const w = addWindow(cache.db, conn, { kind: 'week', periodStart: start, periodEnd: end });
    for (const l of lines.filter((x) => x.week === week)) {
      addPortalRow(cache.db, w, {
        providerId: l.providerId,
        invoiced: l.invoiced,
        provider: l.provider,
        paid: l.paid,
        taskCount: l.taskCount,
        approved: l.approved,
        rejected: l.taskCount - l.approved,
        ...(l.approvalRate === null ? {} : { approvalRate: l.approvalRate }),
      });
    }
    addGrandTotal(cache.db, w);
  });
  return name;
}

function hundredths(text: string): number | null {
  try {
    return parseDecimalToMinor(text, 2).minor;
  } catch {
    return null;
  }
}

describe('the portal hot path matches the plain definition', () => {
  it('texts, classes, ranking and the approval-rate check', () => {
    fc.assert(
      fc.property(dataset, ({ lines, toleranceAbs, tolerancePct }) => {
        const connection = seed(lines);
        const rec = reconcilePortal(cache, { connection, from: WEEKS[0][0], to: WEEKS[2][1], period: 'week', now: NOW, toleranceAbs, tolerancePct });
        const absMinor = parseDecimalToMinor(toleranceAbs, 2).minor;
        const expected = lines
          .map((l) => {
            const difference = l.provider - l.invoiced;
            const status =
              difference === 0
                ? 'MATCHED'
                : Math.abs(difference) <= absMinor || withinPercent(difference, l.invoiced, tolerancePct)
                  ? 'WITHIN_TOLERANCE'
                  : difference > 0
                    ? 'PROVIDER_HIGHER'
                    : 'PROVIDER_LOWER';
            return {
              key: `P|${l.providerId}|${WEEKS[l.week]?.[0] ?? ''}`,
              providerId: l.providerId,
              periodStart: WEEKS[l.week]?.[0] ?? '',
              invoiced: formatMinor(l.invoiced, 2),
              invoicedMinor: l.invoiced,
              providerReported: formatMinor(l.provider, 2),
              providerReportedMinor: l.provider,
              difference: formatMinor(difference, 2),
              differenceMinor: difference,
              differencePct: percentOf(difference, l.invoiced),
              paid: formatMinor(l.paid, 2),
              pending: formatMinor(l.invoiced - l.paid, 2),
              status,
              outOfTolerance: status === 'PROVIDER_HIGHER' || status === 'PROVIDER_LOWER',
            };
          })
          .sort(
            (x, y) =>
              Math.abs(y.differenceMinor) - Math.abs(x.differenceMinor) ||
              compareIds(x.providerId, y.providerId) ||
              (x.periodStart < y.periodStart ? -1 : x.periodStart > y.periodStart ? 1 : 0),
          );
        expect(rec.rows).toMatchObject(expected);
        // The figures a sign-off covers, read on their own, are the very ones ranked here.
        expect(rangeFiguresHash(cache.db, { connection, from: WEEKS[0][0], to: WEEKS[2][1], period: 'week' })).toBe(rec.dataHash);

        const badRates = lines
          .filter((l) => l.taskCount > 0 && l.approvalRate !== null && hundredths(l.approvalRate) !== hundredths(percentOf(l.approved, l.taskCount) ?? ''))
          .map((l) => `F|approval_rate|${l.providerId}|${WEEKS[l.week]?.[0] ?? ''}`)
          .sort();
        expect(rec.findings.filter((f) => f.check === 'approval_rate').map((f) => f.key).sort()).toEqual(badRates);
        const sum = (pick: (l: Line) => number): string => formatMinor(lines.reduce((t, l) => t + pick(l), 0), 2);
        expect(rec.totals).toMatchObject({
          rowCount: lines.length,
          invoiced: sum((l) => l.invoiced),
          providerReported: sum((l) => l.provider),
          paid: sum((l) => l.paid),
          outOfTolerance: expected.filter((e) => e.outOfTolerance).length,
        });
        expect(rec.periods.reduce((t, p) => t + p.rowCount, 0)).toBe(lines.length);

        // Open items: every row out of tolerance, oldest period first, then by key as text.
        const endOf = (periodStart: string): number => Date.parse(WEEKS.find((w) => w[0] === periodStart)?.[1] ?? '');
        const open = expected
          .filter((e) => e.outOfTolerance)
          .sort((a, b) => endOf(a.periodStart) - endOf(b.periodStart) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map((e) => e.key);
        expect(rec.openItems.map((o) => o.key)).toEqual(open);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the ranking when differences are too large for its integer keys', () => {
  it('falls back to comparing rows, with the same order', () => {
    const big = 2 ** 52;
    const connection = seed([
      { providerId: '10', week: 0, invoiced: 0, provider: big, paid: 0, taskCount: 1, approved: 1, approvalRate: null },
      { providerId: '9', week: 1, invoiced: big, provider: 0, paid: big, taskCount: 1, approved: 1, approvalRate: null },
      { providerId: '9', week: 0, invoiced: 5, provider: 6, paid: 5, taskCount: 1, approved: 1, approvalRate: null },
      { providerId: '10', week: 2, invoiced: 5, provider: 4, paid: 5, taskCount: 1, approved: 1, approvalRate: null },
    ]);
    const rec = reconcilePortal(cache, { connection, from: WEEKS[0][0], to: WEEKS[2][1], period: 'week', now: NOW });
    expect(rec.rows.map((r) => r.key)).toEqual(['P|9|2026-01-12', 'P|10|2026-01-05', 'P|9|2026-01-05', 'P|10|2026-01-19']);
    expect(rangeFiguresHash(cache.db, { connection, from: WEEKS[0][0], to: WEEKS[2][1], period: 'week' })).toBe(rec.dataHash);
  });
});

describe('the figures hash is worked out only when read', () => {
  it('equals the hash of the figures, and is computed once', () => {
    const connection = seed([{ providerId: '1', week: 0, invoiced: 3_000_000_000, provider: 3_000_000_123, paid: 0, taskCount: 1, approved: 1, approvalRate: null }]);
    const rec = reconcilePortal(cache, { connection, from: WEEKS[0][0], to: WEEKS[2][1], period: 'week', now: NOW });
    const head = { connection, from: rec.from, to: rec.to, period: rec.period };
    expect(rec.dataHash).toBe(portalFiguresHash(head, rec.rows, rec.totals));
    expect(rec.dataHash).toBe(rec.dataHash);
    // It is part of the document as any other field.
    expect((JSON.parse(JSON.stringify(rec)) as { dataHash: string }).dataHash).toBe(rec.dataHash);
  });

  it('a range without a live sign-off is not hashed to check its sign-offs', () => {
    const connection = seed([]);
    const id = cache.db.prepare<[string], { id: number }>('SELECT id FROM connection WHERE name = ?').get(connection)?.id ?? 0;
    let hashed = 0;
    const voided = voidStaleSignoffs(cache.reviews, { id, name: connection }, {
      from: WEEKS[0][0],
      to: WEEKS[2][1],
      period: 'week',
      describeChange: () => ({ changes: [], more: 0 }),
      figuresHash: () => {
        hashed += 1;
        return 'x';
      },
    });
    expect([voided, hashed]).toEqual([0, 0]);
  });
});
