/**
 * The signed statement's canonical form (review/statement.ts), pinned by a test vector: the text
 * below is what version 1 must produce for these items, byte for byte, and its sha256 the hash a
 * sign-off signs. A verifier elsewhere (a workbook, another computer) can rebuild it from the
 * same per-item data; if this test must change, the statement's version must change too.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildStatement, canonicalJson, parseStatement, STATEMENT_VERSION, type StatementFigure } from '../../../electron/core/review/index.ts';
import { portalFigureLines, reconcilePortal } from '../../../electron/core/reconcile/index.ts';
import { attest } from '../../../electron/core/signoff/index.ts';
import { addConnection, addGrandTotal, addPortalRow, addWindow, NOW, tempCache } from '../reconcile/fixtures.ts';

const HEAD = { connection: 'acme', kind: 'portal', from: '2025-03-01', to: '2025-03-31', period: 'month', currency: 'COP', tolerance: { abs: '5000.00', pct: '0.5' }, thresholds: null } as const;
const FIGURES: StatementFigure[] = [
  { id: 'total', values: { currency: 'COP', invoiced: '40121055.00', paid: '39371055.00', pending: '750000.00', providerReported: '40371055.00', rows: 2, taskCount: 15 } },
  { id: 'P|504210987624|2025-03-01', values: { invoiced: '37871055.00', paid: '37871055.00', pending: '0.00', providerReported: '38121055.00', taskCount: 12 } },
  { id: 'P|2|2025-03-01', values: { invoiced: '2250000.00', paid: '1500000.00', pending: '750000.00', providerReported: '2250000.00', taskCount: 3 } },
];
const REVIEWS = [
  { item: 'P|504210987624|2025-03-01', state: 'explained', reason: 'timing', note: 'Credit note CN-118 arrives in April' },
  { item: 'P|2|2025-03-01', state: 'open', reason: null, note: null },
  { item: 'F|paid_plus_pending|504210987624|2025-03-01', state: 'carried_forward', reason: 'upstream_error', note: 'Portal rounds pending; asked them to fix' },
] as const;

const VECTOR = [
  '{"connection":"acme","currency":"COP","from":"2025-03-01","kind":"portal","period":"month","statement":"concilia-signoff-statement/1","thresholds":null,"to":"2025-03-31","tolerance":{"abs":"5000.00","pct":"0.5"}}',
  '{"id":"P|2|2025-03-01","values":{"invoiced":"2250000.00","paid":"1500000.00","pending":"750000.00","providerReported":"2250000.00","taskCount":3}}',
  '{"id":"P|504210987624|2025-03-01","values":{"invoiced":"37871055.00","paid":"37871055.00","pending":"0.00","providerReported":"38121055.00","taskCount":12}}',
  '{"id":"total","values":{"currency":"COP","invoiced":"40121055.00","paid":"39371055.00","pending":"750000.00","providerReported":"40371055.00","rows":2,"taskCount":15}}',
  // The notes appear as the sha256 of their UTF-8 text.
  '{"item":"F|paid_plus_pending|504210987624|2025-03-01","note":"5367d16ad900d7fff6cbbad364e6a141d13f6d38d7f07ddc4427d1657bc471d5","reason":"upstream_error","state":"carried_forward"}',
  '{"item":"P|504210987624|2025-03-01","note":"00c0de8c6ae819f47d713e04b0a54e75a1afd7ee637de44df0dddfeb96d7c297","reason":"timing","state":"explained"}',
].map((line) => `${line}\n`).join('');

describe('the signed statement (version 1)', () => {
  it('is exactly the test vector, and its hash is the sha256 of that text', () => {
    const s = buildStatement(HEAD, FIGURES, REVIEWS);
    expect(s.text).toBe(VECTOR);
    expect(s.hash).toBe('fdc07cb632b4a0f9bf27b715aeaef1b298905e52b82203064208452377e59ea7');
    expect(createHash('sha256').update(VECTOR, 'utf8').digest('hex')).toBe(s.hash);
    expect(STATEMENT_VERSION).toBe('concilia-signoff-statement/1');
  });

  it('does not depend on the order items are given in, and has one line per item', () => {
    const shuffled = buildStatement(HEAD, [...FIGURES].reverse(), [...REVIEWS, REVIEWS[0]].reverse());
    expect(shuffled.text).toBe(VECTOR);
  });

  it('changes with the tolerance, a figure, a state, a reason or a single character of a note', () => {
    const base = buildStatement(HEAD, FIGURES, REVIEWS).hash;
    const variants = [
      buildStatement({ ...HEAD, tolerance: { abs: '5000.00', pct: '5' } }, FIGURES, REVIEWS),
      buildStatement(HEAD, FIGURES.map((f, i) => (i === 1 ? { ...f, values: { ...f.values, providerReported: '38121055.01' } } : f)), REVIEWS),
      buildStatement(HEAD, FIGURES, REVIEWS.map((r, i) => (i === 0 ? { ...r, state: 'resolved' as const } : r))),
      buildStatement(HEAD, FIGURES, REVIEWS.map((r, i) => (i === 0 ? { ...r, reason: 'pricing' as const } : r))),
      buildStatement(HEAD, FIGURES, REVIEWS.map((r, i) => (i === 0 ? { ...r, note: 'Credit note CN-118 arrives in April.' } : r))),
    ];
    expect(new Set([base, ...variants.map((v) => v.hash)]).size).toBe(6);
  });

  it('reads back its head, figures and reviews', () => {
    const parsed = parseStatement(VECTOR);
    expect(parsed?.head).toMatchObject({ connection: 'acme', tolerance: { abs: '5000.00', pct: '0.5' } });
    expect(parsed?.figures.map((f) => f.id)).toEqual(['P|2|2025-03-01', 'P|504210987624|2025-03-01', 'total']);
    expect(parsed?.reviews.map((r) => r.state)).toEqual(['carried_forward', 'explained']);
    expect(parseStatement('{"connection":"acme","lines":[]}')).toBeNull();
  });

  it('is built from a reconciliation with the same lines a verifier builds from each row (canonical JSON)', () => {
    const cache = tempCache();
    try {
      const c = addConnection(cache.db, { name: 'acme', kind: 'portal' });
      const w = addWindow(cache.db, c, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
      addPortalRow(cache.db, w, { providerId: 'p"1', invoiced: 12_345, provider: 12_300, paid: 12_000 });
      addPortalRow(cache.db, w, { providerId: 'ñ2', invoiced: 500, provider: 500 });
      addGrandTotal(cache.db, w);
      const rec = reconcilePortal(cache, { connection: 'acme', from: '2026-01-01', to: '2026-01-31', period: 'month', now: NOW });
      const lines = attest(rec).statement.text.split('\n').slice(1, 4);
      const rebuilt = [...portalFigureLines(rec.rows, rec.totals)]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((f) => canonicalJson({ id: f.id, values: f.values }));
      expect(lines).toEqual(rebuilt);
      expect(lines[0]).toBe('{"id":"P|p\\"1|2026-01-01","values":{"invoiced":"123.45","paid":"120.00","pending":"3.45","providerReported":"123.00","taskCount":10}}');
    } finally {
      cache.cleanup();
    }
  });
});
