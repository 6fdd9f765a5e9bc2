/**
 * The reconciliation as text for a terminal: aligned columns, amounts right-aligned, totals,
 * findings, and one line saying whether the range is complete.
 */
import { describeFinding } from '../language/findings.ts';
import type { Signoff } from '../review/types.ts';
import type { Removal } from './removals.ts';
import type { OpenItem, PaygReconciliation, PortalReconciliation, Reconciliation, Restatement } from './types.ts';

interface Column {
  title: string;
  right?: boolean;
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], footer?: readonly string[]): string {
  const all = footer ? [...rows, footer] : rows;
  const widths = columns.map((c, i) => Math.max(c.title.length, ...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.right ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(columns.map((c) => c.title)), rule, ...rows.map(line)];
  if (footer) out.push(rule, line(footer));
  return out.join('\n');
}

function pct(value: string | null): string {
  return value === null ? '—' : `${value}%`;
}

function reviewCell(review: { state: string; reason: string | null } | null): string {
  return review ? `${review.state}${review.reason ? ` (${review.reason})` : ''}` : '';
}

function section(title: string, body: string): string {
  return `\n${title}\n${body}`;
}

function renderRestatements(list: readonly Restatement[]): string {
  if (list.length === 0) return '';
  return section(
    `Restated upstream after first sync (${list.length}):`,
    renderTable(
      [{ title: 'Key' }, { title: 'Field' }, { title: 'Old', right: true }, { title: 'New', right: true }, { title: 'Changed' }],
      list.map((r) => [r.key, r.field, r.oldDisplay ?? '', r.newDisplay ?? '', r.detectedAt]),
    ),
  );
}

function renderRemovals(list: readonly Removal[]): string {
  if (list.length === 0) return '';
  return section(
    `Removed upstream (${list.length}; confirmed gone by id, not in the figures above):`,
    renderTable(
      [{ title: 'Key' }, { title: 'Loan' }, { title: 'Start' }, { title: 'Amount', right: true }, { title: 'Last status' }, { title: 'Removed' }, { title: 'Listed again' }],
      list.map((r) => [r.key, r.loanName, r.startDate, `${r.amount} ${r.currency}`, r.status, r.removedAt, r.reappearedAt ?? '']),
    ),
  );
}

function renderOpenItems(list: readonly OpenItem[]): string {
  if (list.length === 0) return '';
  return section(
    `Open items (${list.length}, not resolved; carried forward until they are):`,
    renderTable(
      [{ title: 'Key' }, { title: 'Period' }, { title: 'Age (days)', right: true }, { title: 'Amount', right: true }, { title: 'What' }, { title: 'Review' }],
      list.map((o) => [o.key, `${o.periodStart}..${o.periodEnd}`, String(o.ageDays), `${o.amount} ${o.currency}`, o.description, reviewCell(o.review)]),
    ),
  );
}

function renderSignoffs(list: readonly Signoff[]): string {
  if (list.length === 0) return '\nNot signed off.';
  return section(
    'Sign-offs:',
    list
      .map((s) => `  ${s.role} ${s.author} at ${s.signedAt}: ${s.status === 'live' ? 'live' : `VOIDED ${s.voidedAt ?? ''} — ${s.voidReason ?? ''}`}`)
      .join('\n'),
  );
}

function completeLine(r: Reconciliation): string {
  if (r.complete) return `\nComplete: every period from ${r.from} to ${r.to} is synced and nothing is quarantined.`;
  const quarantined = r.kind === 'portal' ? r.findings.filter((f) => f.check === 'quarantined').length : r.quarantined.length;
  const reasons = [
    r.coverageGaps.length > 0 ? `${r.coverageGaps.length} period(s) not fully synced` : '',
    quarantined > 0 ? `${quarantined} record(s) quarantined` : '',
  ].filter(Boolean);
  return `\nINCOMPLETE: ${reasons.join(', ')}. Figures cover only what was synced.`;
}

export function renderPortalText(r: PortalReconciliation): string {
  const head = `${r.connection} (portal, ${r.currency}) ${r.from} to ${r.to} by ${r.period}; tolerance ${r.tolerance.abs} ${r.currency} or ${r.tolerance.pct}%`;
  const table = renderTable(
    [
      { title: 'Provider' },
      { title: 'Name' },
      { title: 'Period' },
      { title: 'Tasks', right: true },
      { title: 'Invoiced', right: true },
      { title: 'Provider', right: true },
      { title: 'Difference', right: true },
      { title: 'Diff %', right: true },
      { title: 'Paid', right: true },
      { title: 'Pending', right: true },
      { title: 'Class' },
      { title: 'Review' },
    ],
    r.rows.map((x) => [
      x.providerId,
      x.providerName,
      x.periodStart,
      String(x.taskCount),
      x.invoiced,
      x.providerReported,
      x.difference,
      pct(x.differencePct),
      x.paid,
      x.pending,
      x.status,
      reviewCell(x.review),
    ]),
    [
      'Total',
      `${r.totals.rowCount} rows`,
      '',
      String(r.totals.taskCount),
      r.totals.invoiced,
      r.totals.providerReported,
      r.totals.difference,
      pct(r.totals.differencePct),
      r.totals.paid,
      r.totals.pending,
      `${r.totals.outOfTolerance} out of tolerance`,
      '',
    ],
  );
  const periods = renderTable(
    [
      { title: 'Period' },
      { title: 'Rows', right: true },
      { title: 'Invoiced', right: true },
      { title: 'Provider', right: true },
      { title: 'Difference', right: true },
      { title: 'Out of tol.', right: true },
      { title: 'Synced' },
    ],
    r.periods.map((p) => [`${p.periodStart}..${p.periodEnd}`, String(p.rowCount), p.invoiced, p.providerReported, p.difference, String(p.outOfTolerance), p.covered ? 'yes' : 'NO']),
  );
  const findings =
    r.findings.length === 0
      ? '\nChecks of the upstream figures: all passed.'
      : section(`Findings (${r.findings.length}):`, r.findings.map((f) => `  [${f.check}] ${describeFinding(f, 'en')}${f.review ? `  review: ${reviewCell(f.review)}` : ''}\n      key ${f.key}`).join('\n'));
  return [head, '', table, section('Per period:', periods), findings, renderRestatements(r.restatements), renderOpenItems(r.openItems), renderSignoffs(r.signoffs), completeLine(r)]
    .filter((s) => s !== '')
    .join('\n')
    .concat('\n');
}

export function renderPaygText(r: PaygReconciliation): string {
  const head = `${r.connection} (PAYG) ${r.from} to ${r.to} by ${r.period}${r.groupBy ? `, by ${r.groupBy.replace('_', ' ')}` : ''}`;
  const amountColumns: Column[] = [
    { title: 'Billed', right: true },
    { title: 'Collected', right: true },
    { title: 'Outstanding', right: true },
    { title: 'Failed', right: true },
    { title: 'Draft', right: true },
    { title: 'Collected %', right: true },
  ];
  const rows = renderTable(
    [{ title: 'Currency' }, { title: 'Period' }, ...(r.groupBy ? [{ title: r.groupBy === 'loan' ? 'Loan' : 'Funding source' }] : []), { title: 'Count', right: true }, ...amountColumns],
    r.rows.map((x) => [
      x.currency,
      `${x.periodStart}..${x.periodEnd}`,
      ...(r.groupBy ? [x.group ?? ''] : []),
      String(x.count),
      x.billed,
      x.collected,
      x.outstanding,
      x.failed,
      x.draft,
      pct(x.collectionRate),
    ]),
  );
  const totals = renderTable(
    [{ title: 'Currency' }, { title: 'Count', right: true }, ...amountColumns],
    r.totals.map((t) => [t.currency, String(t.count), t.billed, t.collected, t.outstanding, t.failed, t.draft, pct(t.collectionRate)]),
  );
  const ageing = renderTable(
    [{ title: 'Currency' }, { title: 'Days past end' }, { title: 'Count', right: true }, { title: 'Amount', right: true }],
    r.ageing.map((a) => [a.currency, a.bucket, String(a.count), a.amount]),
  );
  const exceptions =
    r.exceptions.length === 0
      ? '\nExceptions: none.'
      : section(
          `Exceptions (${r.exceptions.length}):`,
          renderTable(
            [
              { title: 'Kind' },
              { title: 'Id', right: true },
              { title: 'Loan' },
              { title: 'Period' },
              { title: 'Status' },
              { title: 'Amount', right: true },
              { title: 'Days past end', right: true },
              { title: 'Days in status', right: true },
              { title: 'Review' },
            ],
            r.exceptions.map((e) => [
              e.kind,
              String(e.id),
              e.loanName,
              `${e.startDate}..${e.endDate}`,
              e.status,
              `${e.amount} ${e.currency}`,
              String(e.daysPastEnd),
              String(e.daysInStatus),
              reviewCell(e.review),
            ]),
          ),
        );
  const quarantined =
    r.quarantined.length === 0 ? '' : section(`Quarantined records (${r.quarantined.length}):`, r.quarantined.map((q) => `  ${q.recordKey ?? `#${q.id}`}: ${q.reason}`).join('\n'));
  const gaps =
    r.coverageGaps.length === 0 ? '' : section('Not fully synced:', r.coverageGaps.map((g) => `  ${g.periodStart}..${g.periodEnd}: ${g.status}${g.error ? ` (${g.error})` : ''}`).join('\n'));
  return [head, '', rows, section('Totals per currency:', totals), section('Ageing of what is not collected:', ageing), exceptions, quarantined, gaps, renderRestatements(r.restatements), renderRemovals(r.removals), renderOpenItems(r.openItems), renderSignoffs(r.signoffs), completeLine(r)]
    .filter((s) => s !== '')
    .join('\n')
    .concat('\n');
}

export function renderReconciliationText(r: Reconciliation): string {
  return r.kind === 'portal' ? renderPortalText(r) : renderPaygText(r);
}
