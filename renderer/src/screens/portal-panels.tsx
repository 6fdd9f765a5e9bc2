import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataGrid, type GridColumn } from '../components/data-grid.tsx';
import type { Finding, OpenItem, OpenItemsSort, ReconciliationSummary, Removal, Restatement } from '../api/types.ts';
import { ReviewBadge } from '../components/badges.tsx';
import { formatDate, formatInstant } from '../format/dates.ts';
import { isDecimal } from '../format/decimal.ts';
import { formatAmount, formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { OPEN_ITEMS, usePagedRows } from '../state/paged-rows.ts';
import { useWorkspace } from '../state/workspace.tsx';

const AMOUNT_CHECK = /paid|invoiced|provider|pending/;

// Plain tables stay small; a longer list is in the exported workbook, and the message says so.
const TABLE_CAP = 500;

function Capped({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <p className="muted" role="note">
      {t('common.capped', { shown: formatCount(shown, locale), total: formatCount(total, locale) })}
    </p>
  );
}

/** An upstream figure as the accountant should read it: amounts in the currency, counts as counts. */
function Figure({ check, value, currency }: { check: string; value: string | null; currency: string | null }) {
  const locale = useLocale();
  if (value === null) return <>—</>;
  if (currency && AMOUNT_CHECK.test(check) && isDecimal(value)) return <>{formatAmount(value, currency, locale)}</>;
  return <>{value}</>;
}

export function FindingsTable({ findings, currency }: { findings: Finding[]; currency: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (findings.length === 0) return <p className="muted">{t('findings.none')}</p>;
  const shown = findings.slice(0, TABLE_CAP);
  return (
    <div className="table-wrap">
      {findings.length > TABLE_CAP ? <Capped shown={TABLE_CAP} total={findings.length} /> : null}
      <table className="plain" data-testid="findings-table">
        <caption className="sr-only">{t('findings.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('findings.check')}</th>
            <th scope="col">{t('portal.provider')}</th>
            <th scope="col">{t('portal.period')}</th>
            <th scope="col" className="num">
              {t('findings.expected')}
            </th>
            <th scope="col" className="num">
              {t('findings.actual')}
            </th>
            <th scope="col">{t('findings.detail')}</th>
            <th scope="col">{t('portal.review')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.key}>
              <td>{t(`check.${f.check}`, { defaultValue: f.check })}</td>
              <td>{f.providerId ?? '—'}</td>
              <td>{formatDate(f.periodStart, locale)}</td>
              <td className="num">
                <Figure check={f.check} value={f.expected} currency={currency} />
              </td>
              <td className="num">
                <Figure check={f.check} value={f.actual} currency={currency} />
              </td>
              <td>{f.message}</td>
              <td>
                <ReviewBadge value={f.review?.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RestatementsTable({ restatements, currency }: { restatements: Restatement[]; currency: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (restatements.length === 0) return <p className="muted">{t('restatements.none')}</p>;
  const shown = restatements.slice(0, TABLE_CAP);
  // The display text is the amount as a decimal in the currency when the figure is an amount.
  const show = (display: string | null, raw: string | null) => {
    if (display !== null && currency && isDecimal(display)) return formatAmount(display, currency, locale);
    return display ?? raw ?? '—';
  };
  return (
    <div className="table-wrap">
      {restatements.length > TABLE_CAP ? <Capped shown={TABLE_CAP} total={restatements.length} /> : null}
      <table className="plain" data-testid="restatements-table">
        <caption className="sr-only">{t('restatements.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('restatements.item')}</th>
            <th scope="col">{t('restatements.field')}</th>
            <th scope="col" className="num">
              {t('restatements.old')}
            </th>
            <th scope="col" className="num">
              {t('restatements.new')}
            </th>
            <th scope="col">{t('restatements.detected')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((x, i) => (
            <tr key={`${x.id}|${i}`}>
              <td className="mono">{x.key}</td>
              <td>{x.field}</td>
              <td className="num">{show(x.oldDisplay, x.oldValue)}</td>
              <td className="num">{show(x.newDisplay, x.newValue)}</td>
              <td>{formatInstant(x.detectedAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Billing periods the PAYG service confirmed gone (404 by id): beside the restatements, because
 * they changed what the cache held; never in the figures, which leave them out.
 */
export function RemovalsTable({ removals }: { removals: Removal[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (removals.length === 0) return null;
  const shown = removals.slice(0, TABLE_CAP);
  return (
    <>
      <h3 className="card-title">{t('removals.title', { count: removals.length })}</h3>
      <p className="muted">{t('removals.note')}</p>
      <div className="table-wrap">
        {removals.length > TABLE_CAP ? <Capped shown={TABLE_CAP} total={removals.length} /> : null}
        <table className="plain" data-testid="removals-table">
          <caption className="sr-only">{t('removals.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('restatements.item')}</th>
              <th scope="col">{t('removals.loan')}</th>
              <th scope="col" className="num">
                {t('removals.amount')}
              </th>
              <th scope="col">{t('removals.removed')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((x) => (
              <tr key={`${x.id}|${x.removedAt}`}>
                <td className="mono">{x.key}</td>
                <td>{x.loanName}</td>
                <td className="num">{formatAmount(x.amount, x.currency, locale)}</td>
                <td>
                  {formatInstant(x.removedAt, locale)}
                  {x.reappearedAt ? ` · ${t('removals.reappeared', { when: formatInstant(x.reappearedAt, locale) })}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Open items can run to tens of thousands on a big range: a paged, virtualized grid, like the main one. */
export function OpenItemsTable({ view }: { view: ReconciliationSummary['view'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const [sort, setSort] = useState<OpenItemsSort | null>(null);
  const columns = useMemo<GridColumn<OpenItem>[]>(
    () => [
      {
        id: 'description',
        header: t('openItems.item'),
        size: 200,
        flex: true,
        cell: (r) => (
          <span title={r.key}>
            {r.description} <span className="muted mono">{r.key}</span>
          </span>
        ),
      },
      { id: 'periodStart', header: t('portal.period'), size: 120, cell: (r) => formatDate(r.periodStart, locale) },
      { id: 'ageDays', header: t('openItems.age'), size: 90, numeric: true, sortDescFirst: true, cell: (r) => t('openItems.days', { count: r.ageDays }) },
      {
        id: 'amount',
        header: t('openItems.amount'),
        size: 140,
        numeric: true,
        sortDescFirst: true,
        cell: (r) => formatAmount(r.amount, r.currency, locale, { signed: true }),
      },
      { id: 'review', header: t('portal.review'), size: 110, cell: (r) => <ReviewBadge value={r.review?.state} /> },
    ],
    [t, locale],
  );
  const rows = usePagedRows(OPEN_ITEMS, { viewId: view.id, sort, filter: {} }, viewVersion);
  if (view.openItemCount === 0) return <p className="muted">{t('openItems.none')}</p>;
  return (
    <DataGrid
      columns={columns}
      rows={rows}
      sort={sort}
      onSortChange={(next) => setSort(OPEN_ITEMS.sortOf(next))}
      rowKey={(r) => r.key}
      label={t('openItems.title')}
      heightClass="grid-short"
      rowHeight={34}
      testId="open-items-grid"
    />
  );
}

/** Memoised: the panels (up to 500-row tables) need not re-render when the grid's filters or selection change. */
export const PortalPanels = memo(function PortalPanels({ r }: { r: { findings: Finding[]; restatements: Restatement[]; view: ReconciliationSummary['view']; currency: string } }) {
  const { t } = useTranslation();
  return (
    <div className="grid-2 section">
      <section className="card" aria-labelledby="findings-title" data-testid="findings-panel">
        <h2 id="findings-title" className="card-title">
          {t('findings.title')} <span className="badge badge-neutral">{r.findings.length}</span>
        </h2>
        <FindingsTable findings={r.findings} currency={r.currency} />
      </section>
      <div className="stack">
        <section className="card" aria-labelledby="open-title">
          <h2 id="open-title" className="card-title">
            {t('openItems.title')} <span className="badge badge-neutral">{r.view.openItemCount}</span>
          </h2>
          <OpenItemsTable view={r.view} />
        </section>
        <section className="card" aria-labelledby="restatements-title">
          <h2 id="restatements-title" className="card-title">
            {t('restatements.title')} <span className="badge badge-neutral">{r.restatements.length}</span>
          </h2>
          <RestatementsTable restatements={r.restatements} currency={r.currency} />
        </section>
      </div>
    </div>
  );
});
