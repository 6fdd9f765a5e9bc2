import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import { PORTAL_CLASSES, ROWS_PAGE_MAX, type PortalRow, type PortalSummary } from '../../api/types.ts';
import { ClassBadge, ReviewBadge } from '../../components/badges.tsx';
import { BarChart } from '../../components/bar-chart.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ReviewForm } from '../../components/review-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatMonth } from '../../format/dates.ts';
import { decimalToChartNumber } from '../../format/decimal.ts';
import { formatAmount, formatPercent } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useWorkspace } from '../../state/workspace.tsx';
import { differenceClass } from './portal-columns.tsx';
import { ItemReviewHistory, ReopenedNotice } from './review-history.tsx';

const BAR_TONE: Record<PortalRow['status'], string> = {
  MATCHED: 'tone-matched',
  WITHIN_TOLERANCE: 'tone-within',
  PROVIDER_HIGHER: 'tone-up',
  PROVIDER_LOWER: 'tone-down',
};

/** One provider across the periods of the range: the difference by period against the tolerance, the figures, and the review of one period. */
export function ProviderDrillDown({ r, row, onClose }: { r: PortalSummary; row: PortalRow; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const { viewVersion, selected } = useWorkspace();
  const [activeKey, setActiveKey] = useState(row.key);
  // One provider has one row per period: a single page of the view, asked again after each review.
  const [fetched, setFetched] = useState<PortalRow[] | null>(null);
  useEffect(() => {
    let live = true;
    void call('reconcile:rows', {
      viewId: r.view.id,
      list: 'rows',
      offset: 0,
      limit: ROWS_PAGE_MAX,
      sort: { column: 'periodStart', direction: 'asc' },
      filter: { providerId: row.providerId },
    }).then((page) => {
      if (live && page?.list === 'rows') setFetched(page.rows);
    });
    return () => {
      live = false;
    };
  }, [call, r.view.id, row.providerId, viewVersion]);
  const rows = useMemo(() => fetched ?? [row], [fetched, row]);
  const active = rows.find((x) => x.key === activeKey) ?? row;
  const activeLabel = { key: active.key, name: row.providerName, periodStart: active.periodStart, periodKind: r.period, currency: r.currency };
  const money = (v: string, signed = false) => formatAmount(v, r.currency, locale, { signed });
  // The table names its currency once, in its heading: a code in every cell would push the class and review out of the dialog.
  const figure = (v: string, signed = false) => formatAmount(v, r.currency, locale, { signed, bare: true });
  const periodLabel = (d: string) => (r.period === 'month' ? formatMonth(d, locale) : formatDate(d, locale));
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });

  // The band a difference may move in and still count as within tolerance: the larger of the two limits.
  const tolAbs = decimalToChartNumber(r.tolerance.abs) ?? 0;
  const tolPct = decimalToChartNumber(r.tolerance.pct) ?? 0;
  const band = rows.map((x) => Math.max(tolAbs, Math.abs(decimalToChartNumber(x.invoiced) ?? 0) * (tolPct / 100)));

  return (
    <Dialog open wide title={t('drill.title', { name: row.providerName, id: row.providerId })} onClose={onClose} testId="drill-down">
      <BarChart
        testId="drill-chart"
        caption={t('drill.chartCaption', { currency: r.currency })}
        categories={rows.map((x) => periodLabel(x.periodStart))}
        series={[{ label: t('portal.difference'), tone: 'tone-up', values: rows.map((x) => decimalToChartNumber(x.difference)), toneOf: (i) => BAR_TONE[rows[i]?.status ?? 'MATCHED'] }]}
        legend={PORTAL_CLASSES.filter((c) => rows.some((x) => x.status === c)).map((c) => ({ label: t(`class.${c}`), tone: BAR_TONE[c] }))}
        band={{ label: t('drill.band', { abs: money(r.tolerance.abs), pct: formatPercent(r.tolerance.pct, locale) }), half: band }}
        formatTick={(v) => compact.format(v)}
      />
      <h3 id="drill-periods-title" className="card-title">
        {t('drill.periods', { currency: r.currency })}
      </h3>
      <TableRegion labelledBy="drill-periods-title" testId="drill-periods">
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">{t('portal.period')}</th>
              <th scope="col" className="num">
                {t('portal.invoiced')}
              </th>
              <th scope="col" className="num">
                {t('portal.providerReported')}
              </th>
              <th scope="col" className="num">
                {t('portal.difference')}
              </th>
              <th scope="col" className="num">
                {t('portal.differencePct')}
              </th>
              <th scope="col">{t('portal.class')}</th>
              <th scope="col">{t('portal.review')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={x.key} aria-current={x.key === active.key ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" className="btn btn-quiet btn-small" onClick={() => setActiveKey(x.key)} aria-pressed={x.key === active.key}>
                    {periodLabel(x.periodStart)}
                  </button>
                </th>
                <td className="num">{figure(x.invoiced)}</td>
                <td className="num">{figure(x.providerReported)}</td>
                <td className={`num ${differenceClass(x)}`}>{figure(x.difference, true)}</td>
                <td className="num">{formatPercent(x.differencePct, locale, true)}</td>
                <td>
                  <ClassBadge value={x.status} />
                </td>
                <td>
                  <ReviewBadge review={x.review} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h3 className="card-title">{t('drill.reviewTitle', { period: periodLabel(active.periodStart) })}</h3>
      {active.review?.state === 'open' && active.review.reopened ? (
        <ReopenedNotice label={activeLabel} review={active.review} />
      ) : active.review ? (
        <p className="muted" data-testid="drill-current-review">
          {t('drill.currentReview', {
            state: t(`review.state.${active.review.state}`),
            author: active.review.author,
            reason: active.review.reason ? t(`review.reason.${active.review.reason}`) : t('review.noReason'),
          })}
          {active.review.note ? ` — “${active.review.note}”` : ''}
        </p>
      ) : null}
      <ReviewForm key={active.key} keys={[active.key]} current={active.review} idPrefix="row" />
      <ItemReviewHistory
        connection={selected?.name ?? ''}
        label={activeLabel}
        review={active.review}
        version={viewVersion}
      />
    </Dialog>
  );
}
