import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import type { ExceptionsSort, PaygSummary } from '../api/types.ts';
import { Chart, axis, type Palette } from '../components/chart.tsx';
import { DataGrid } from '../components/data-grid.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { RangeBar, rangeKey } from '../components/range-bar.tsx';
import { ReviewForm } from '../components/review-form.tsx';
import { formatDate, formatMonth, parseIsoDate } from '../format/dates.ts';
import { decimalToChartNumber } from '../format/decimal.ts';
import { formatAmount, formatCount, formatPercent } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { EXCEPTIONS, usePagedRows } from '../state/paged-rows.ts';
import { useWorkspace } from '../state/workspace.tsx';
import { exceptionColumns } from './payg-columns.tsx';
import { OpenItemsTable, RemovalsTable, RestatementsTable } from './portal-panels.tsx';

const BUCKETS = ['0-7', '8-30', '31-60', '61-90', '90+'];
const HALF_PERIOD = { week: 4 * 86_400, month: 16 * 86_400 };
const EXCEPTION_KINDS = ['draft_unsent', 'failed', 'outstanding_overdue', 'stuck_in_status'] as const;
type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export function PaygScreen() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const connection = ws.selected;
  const r = ws.reconciliation?.kind === 'payg' && ws.reconciliation.connection === connection?.name ? ws.reconciliation : null;
  const { runReconcile, reconciling } = ws;
  const needsRun = !r && !reconciling && connection !== null;

  useEffect(() => {
    if (needsRun) void runReconcile();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection?.name, ws.range]);

  if (!connection) return null;
  return (
    <section aria-labelledby="payg-title">
      <div className="page-header">
        <div>
          <h1 id="payg-title" className="page-title">
            {t('payg.title')}
          </h1>
          <p className="page-subtitle">{t('payg.subtitle', { name: connection.name })}</p>
        </div>
        <div className="page-actions">
          <ExportButton />
        </div>
      </div>
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={ws.setRange} periods={['week', 'month']} applyLabel={t('portal.run')} busy={reconciling} />
      </div>
      {reconciling && !r ? (
        <p className="spinner-text" role="status">
          {t('portal.running')}
        </p>
      ) : null}
      {r ? <PaygResult r={r} /> : null}
    </section>
  );
}

function PaygResult({ r }: { r: PaygSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const currencies = r.totals.map((x) => x.currency);
  const [currency, setCurrency] = useState(currencies[0] ?? '');
  const cur = currencies.includes(currency) ? currency : (currencies[0] ?? '');
  const total = r.totals.find((x) => x.currency === cur);
  const money = (v: string) => formatAmount(v, cur, locale);

  return (
    <>
      {!r.complete ? (
        <div className="alert alert-warn inline-alert" role="note">
          <div className="alert-body">
            <p className="alert-title">{t('portal.incompleteTitle')}</p>
            <p>{t('portal.incompleteBody')}</p>
          </div>
        </div>
      ) : null}
      {currencies.length > 1 ? (
        <div className="toolbar">
          <div className="field">
            <span className="label" id="currency-label">
              {t('payg.currency')}
            </span>
            <div className="segmented" role="group" aria-labelledby="currency-label">
              {currencies.map((c) => (
                <button key={c} type="button" aria-pressed={c === cur} onClick={() => setCurrency(c)}>
                  {c}
                </button>
              ))}
            </div>
          </div>
        </div>
      ) : null}
      {total ? (
        <dl className="summary-cards" data-testid="payg-summary">
          <div className="summary-card">
            <dt>{t('payg.billed')}</dt>
            <dd data-testid="payg-billed">{money(total.billed)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.collected')}</dt>
            <dd>
              {money(total.collected)} <span className="sub">{formatPercent(total.collectionRate, locale)}</span>
            </dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.outstanding')}</dt>
            <dd>{money(total.outstanding)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.failed')}</dt>
            <dd>{money(total.failed)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.draft')}</dt>
            <dd>{money(total.draft)}</dd>
          </div>
        </dl>
      ) : (
        <div className="card empty">{t('payg.noData')}</div>
      )}
      {total ? (
        <div className="grid-2">
          <div className="card">
            <BilledVsCollected r={r} currency={cur} />
          </div>
          <div className="card">
            <AgeingChart r={r} currency={cur} />
          </div>
        </div>
      ) : null}
      <Exceptions r={r} />
      <div className="grid-2 section">
        <section className="card" aria-labelledby="payg-open-title">
          <h2 id="payg-open-title" className="card-title">
            {t('openItems.title')} <span className="badge badge-neutral">{r.view.openItemCount}</span>
          </h2>
          <OpenItemsTable view={r.view} />
        </section>
        <section className="card" aria-labelledby="payg-restatements-title">
          <h2 id="payg-restatements-title" className="card-title">
            {t('restatements.title')} <span className="badge badge-neutral">{r.restatements.length}</span>
          </h2>
          <RestatementsTable restatements={r.restatements} currency={cur} />
          <RemovalsTable removals={r.removals} />
          {r.quarantined.length > 0 ? (
            <>
              <h3 className="card-title">{t('payg.quarantined', { count: r.quarantined.length })}</h3>
              <ul>
                {r.quarantined.map((q, i) => (
                  <li key={`${q.recordKey ?? ''}|${i}`}>
                    <span className="mono">{q.recordKey ?? '—'}</span>: {q.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}

function BilledVsCollected({ r, currency }: { r: PaygSummary; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = useMemo(() => r.rows.filter((x) => x.currency === currency).sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1)), [r.rows, currency]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      rows.map((x) => (parseIsoDate(x.periodStart)?.getTime() ?? 0) / 1000),
      rows.map((x) => decimalToChartNumber(x.billed)),
      rows.map((x) => decimalToChartNumber(x.collected)),
    ],
    [rows],
  );
  const label = (d: string) => (r.period === 'month' ? formatMonth(d, locale) : formatDate(d, locale));
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const bars = uPlot.paths.bars;
  const options = (width: number, p: Palette): uPlot.Options => ({
    width,
    height: 260,
    // Bars start at zero (anything else exaggerates differences), with room for the outer bars.
    scales: {
      x: { time: true, range: (_u, min, max) => [min - HALF_PERIOD[r.period], max + HALF_PERIOD[r.period]] },
      y: { range: (_u, _min, max) => [0, max * 1.08] },
    },
    series: [
      { label: t('portal.period'), value: (_u, v) => (v == null ? '—' : label(new Date(v * 1000).toISOString().slice(0, 10))) },
      {
        label: t('payg.billed'),
        stroke: p.series[0],
        fill: `${p.series[0] ?? ''}55`,
        width: 1,
        paths: bars?.({ size: [0.35, 40], align: -1 }),
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : compact.format(v)),
      },
      {
        label: t('payg.collected'),
        stroke: p.series[2],
        fill: `${p.series[2] ?? ''}99`,
        width: 1,
        paths: bars?.({ size: [0.35, 40], align: 1 }),
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : compact.format(v)),
      },
    ],
    axes: [axis(p), axis(p, { size: 70, values: (_u, vals) => vals.map((v) => compact.format(v)) })],
  });
  const caption = t('payg.chartCaption', { currency, period: t(`period.${r.period}`) });
  return (
    <Chart
      testId="payg-chart"
      caption={caption}
      data={data}
      options={options}
      table={
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th>{t('portal.period')}</th>
              <th>{t('payg.billed')}</th>
              <th>{t('payg.collected')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={x.periodStart}>
                <td>{label(x.periodStart)}</td>
                <td>{formatAmount(x.billed, currency, locale)}</td>
                <td>{formatAmount(x.collected, currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function AgeingChart({ r, currency }: { r: PaygSummary; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = useMemo(() => BUCKETS.map((b) => r.ageing.find((a) => a.currency === currency && a.bucket === b) ?? null), [r.ageing, currency]);
  const data = useMemo<uPlot.AlignedData>(() => [BUCKETS.map((_b, i) => i), rows.map((a) => (a ? decimalToChartNumber(a.amount) : 0))], [rows]);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const bars = uPlot.paths.bars;
  const bucketLabel = (i: number) => t('payg.bucket', { range: BUCKETS[i] ?? '' });
  const options = (width: number, p: Palette): uPlot.Options => ({
    width,
    height: 260,
    scales: { x: { time: false, range: [-0.6, BUCKETS.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.08] } },
    series: [
      { label: t('payg.age'), value: (_u, v) => (v == null ? '—' : bucketLabel(Math.round(v))) },
      {
        label: t('payg.notCollected'),
        stroke: p.series[3],
        fill: `${p.series[3] ?? ''}88`,
        width: 1,
        paths: bars?.({ size: [0.6, 80] }),
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : compact.format(v)),
      },
    ],
    axes: [
      axis(p, { splits: () => BUCKETS.map((_b, i) => i), values: (_u, vals) => vals.map((v) => bucketLabel(Math.round(v))) }),
      axis(p, { size: 70, values: (_u, vals) => vals.map((v) => compact.format(v)) }),
    ],
  });
  const caption = t('payg.ageingCaption', { currency });
  return (
    <Chart
      testId="ageing-chart"
      caption={caption}
      data={data}
      options={options}
      table={
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th>{t('payg.age')}</th>
              <th>{t('payg.count')}</th>
              <th>{t('openItems.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {BUCKETS.map((b, i) => (
              <tr key={b}>
                <td>{bucketLabel(i)}</td>
                <td>{formatCount(rows[i]?.count ?? 0, locale)}</td>
                <td>{formatAmount(rows[i]?.amount ?? '0', currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function Exceptions({ r }: { r: PaygSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const [sort, setSort] = useState<ExceptionsSort | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [kind, setKind] = useState<ExceptionKind | ''>('');
  const columns = useMemo(() => exceptionColumns(t, locale), [t, locale]);
  const rows = usePagedRows(EXCEPTIONS, { viewId: r.view.id, sort, filter: { kinds: kind ? [kind] : [] } }, viewVersion);
  // A billing period with two problems is two rows with one key: selecting either selects the period.
  const selectedKeys = [...selected];
  return (
    <section className="card section" aria-labelledby="exceptions-title">
      <h2 id="exceptions-title" className="card-title">
        {t('payg.exceptions')} <span className="badge badge-neutral">{r.view.exceptionCount}</span>
      </h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="exception-kind">{t('payg.kind')}</label>
          <select id="exception-kind" value={kind} onChange={(e) => setKind(e.target.value as ExceptionKind | '')}>
            <option value="">{t('payg.allKinds')}</option>
            {EXCEPTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`exception.${k}`, { defaultValue: k })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {selectedKeys.length > 0 ? <ReviewForm keys={selectedKeys} compact idPrefix="payg-bulk" onApplied={() => setSelected(new Set())} /> : null}
      <DataGrid
        columns={columns}
        rows={rows}
        sort={sort}
        onSortChange={(next) => setSort(EXCEPTIONS.sortOf(next))}
        rowKey={(row) => row.key}
        label={t('payg.exceptions')}
        selection={{ selected, onChange: setSelected }}
        heightClass="grid-medium"
        testId="exceptions-grid"
        emptyText={t('payg.noExceptions')}
      />
    </section>
  );
}
