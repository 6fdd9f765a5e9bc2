import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import { useCall } from '../api/api-context.tsx';
import { ROWS_PAGE_MAX, type PortalRow, type PortalSummary } from '../api/types.ts';
import { ClassBadge, ReviewBadge } from '../components/badges.tsx';
import { Chart, axis } from '../components/chart.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ReviewForm } from '../components/review-form.tsx';
import { formatDate, formatMonth, parseIsoDate } from '../format/dates.ts';
import { decimalToChartNumber } from '../format/decimal.ts';
import { formatAmount, formatPercent } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace } from '../state/workspace.tsx';
import { differenceClass } from './portal-columns.tsx';

/** One provider across the periods of the range: the chart, the figures, and the review of the chosen row. */
export function ProviderDrillDown({ r, row, onClose }: { r: PortalSummary; row: PortalRow; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const { viewVersion } = useWorkspace();
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
  const money = (v: string, signed = false) => formatAmount(v, r.currency, locale, { signed });
  const periodLabel = (d: string) => (r.period === 'month' ? formatMonth(d, locale) : formatDate(d, locale));

  const data = useMemo<uPlot.AlignedData>(
    () => [
      rows.map((x) => (parseIsoDate(x.periodStart)?.getTime() ?? 0) / 1000),
      rows.map((x) => decimalToChartNumber(x.invoiced)),
      rows.map((x) => decimalToChartNumber(x.providerReported)),
    ],
    [rows],
  );
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const options = (width: number, p: { series: string[]; text: string; grid: string }): uPlot.Options => ({
    width,
    height: 260,
    scales: { x: { time: true } },
    series: [
      { label: t('portal.period'), value: (_u, v) => (v == null ? '—' : periodLabel(new Date(v * 1000).toISOString().slice(0, 10))) },
      { label: t('portal.invoiced'), stroke: p.series[0], width: 2, points: { show: true, size: 7 }, value: (_u, v) => (v == null ? '—' : compact.format(v)) },
      {
        label: t('portal.providerReported'),
        stroke: p.series[1],
        width: 2,
        dash: [6, 4],
        points: { show: true, size: 7 },
        value: (_u, v) => (v == null ? '—' : compact.format(v)),
      },
    ],
    axes: [axis(p), axis(p, { size: 70, values: (_u, vals) => vals.map((v) => compact.format(v)) })],
  });

  return (
    <Dialog open wide title={t('drill.title', { name: row.providerName, id: row.providerId })} onClose={onClose} testId="drill-down">
      <Chart
        testId="drill-chart"
        caption={t('drill.chartCaption')}
        data={data}
        options={options}
        table={
          <table>
            <caption>{t('drill.chartCaption')}</caption>
            <thead>
              <tr>
                <th>{t('portal.period')}</th>
                <th>{t('portal.invoiced')}</th>
                <th>{t('portal.providerReported')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.key}>
                  <td>{periodLabel(x.periodStart)}</td>
                  <td>{money(x.invoiced)}</td>
                  <td>{money(x.providerReported)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <div className="table-wrap">
        <table className="plain">
          <caption className="sr-only">{t('drill.periods')}</caption>
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
                <td className="num">{money(x.invoiced)}</td>
                <td className="num">{money(x.providerReported)}</td>
                <td className={`num ${differenceClass(x)}`}>{money(x.difference, true)}</td>
                <td className="num">{formatPercent(x.differencePct, locale, true)}</td>
                <td>
                  <ClassBadge value={x.status} />
                </td>
                <td>
                  <ReviewBadge value={x.review?.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="card-title">{t('drill.reviewTitle', { period: periodLabel(active.periodStart) })}</h3>
      {active.review ? (
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
    </Dialog>
  );
}
