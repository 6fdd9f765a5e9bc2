import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaygSummary } from '../../api/types.ts';
import { BarChart } from '../../components/bar-chart.tsx';
import { formatDate, formatMonth } from '../../format/dates.ts';
import { decimalToChartNumber } from '../../format/decimal.ts';
import { formatAmount, formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';

const BUCKETS = ['0-7', '8-30', '31-60', '61-90', '90+'] as const;

function useCompact(locale: string): (v: number) => string {
  return useMemo(() => {
    const f = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    return (v: number) => f.format(v);
  }, [locale]);
}

/** Billed and collected side by side for each period of one currency. */
export function BilledVsCollected({ r, currency }: { r: PaygSummary; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const compact = useCompact(locale);
  const rows = useMemo(() => r.rows.filter((x) => x.currency === currency).sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1)), [r.rows, currency]);
  const label = (d: string) => (r.period === 'month' ? formatMonth(d, locale) : formatDate(d, locale));
  const caption = t('payg.chartCaption', { currency, period: t(`period.${r.period}`) });
  return (
    <BarChart
      testId="payg-chart"
      caption={caption}
      categories={rows.map((x) => label(x.periodStart))}
      series={[
        { label: t('payg.billed'), tone: 'tone-1', values: rows.map((x) => decimalToChartNumber(x.billed)) },
        { label: t('payg.collected'), tone: 'tone-3', values: rows.map((x) => decimalToChartNumber(x.collected)) },
      ]}
      formatTick={compact}
    >
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.period')}</th>
            <th scope="col">{t('payg.billed')}</th>
            <th scope="col">{t('payg.collected')}</th>
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
    </BarChart>
  );
}

/** What is not collected yet, by days past the period's end, counted to the "as of" day. */
export function AgeingChart({ r, currency, asOf }: { r: PaygSummary; currency: string; asOf: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const compact = useCompact(locale);
  const rows = useMemo(() => BUCKETS.map((b) => r.ageing.find((a) => a.currency === currency && a.bucket === b) ?? null), [r.ageing, currency]);
  const caption = t('payg.ageingCaption', { currency, date: formatDate(asOf, locale) });
  return (
    <BarChart
      testId="ageing-chart"
      caption={caption}
      categories={BUCKETS.map((b) => t('payg.bucket', { range: b }))}
      series={[{ label: t('payg.notCollected'), tone: 'tone-4', values: rows.map((a) => (a ? decimalToChartNumber(a.amount) : 0)) }]}
      formatTick={compact}
    >
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('payg.age')}</th>
            <th scope="col">{t('payg.count')}</th>
            <th scope="col">{t('openItems.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {BUCKETS.map((b, i) => (
            <tr key={b}>
              <td>{t('payg.bucket', { range: b })}</td>
              <td>{formatCount(rows[i]?.count ?? 0, locale)}</td>
              <td>{formatAmount(rows[i]?.amount ?? '0', currency, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </BarChart>
  );
}
