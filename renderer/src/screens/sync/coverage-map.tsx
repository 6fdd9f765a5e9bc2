import { useTranslation } from 'react-i18next';
import type { ConnectionKind, CoverageWindow } from '../../api/types.ts';
import { formatDate, formatInstant, formatMonth } from '../../format/dates.ts';
import { formatCount } from '../../format/money.ts';
import { periodsOf } from '../../format/periods.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import type { Range } from '../../state/workspace.tsx';

export type CoverageState = 'synced' | 'stale' | 'failed' | 'missing' | 'syncing';

/** One period's state from its windows: any failure wins, then incomplete or synced-before-the-period-closed (stale). */
export function coverageState(windows: CoverageWindow[]): CoverageState {
  if (windows.length === 0) return 'missing';
  if (windows.some((w) => w.status === 'failed')) return 'failed';
  if (windows.some((w) => w.status === 'incomplete')) return 'stale';
  const closedLate = windows.some((w) => w.syncedAt !== null && w.syncedAt.slice(0, 10) <= w.periodEnd);
  return closedLate ? 'stale' : 'synced';
}

interface Props {
  windows: CoverageWindow[] | null;
  range: Range;
  kind: ConnectionKind;
  /** The window a running sync is on: its period says so. */
  current?: { start: string; end: string } | null;
}

/** A calendar-like map of the range: each period says synced, stale, failed or missing in words and pattern. */
export function CoverageMap({ windows, range, kind, current = null }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (windows === null) return <p className="spinner-text">{t('common.loading')}</p>;
  const periodKind = kind === 'payg' && range.period === 'range' ? 'week' : range.period;
  const periods = periodsOf(range.from, range.to, periodKind);
  const ofKind = windows.filter((w) => w.periodKind === periodKind);
  const inRange = ofKind.filter((w) => periods.some((p) => w.periodStart >= p.start && w.periodStart <= p.end));
  const cached = inRange.reduce((n, w) => n + w.rowCount, 0);

  return (
    <>
      <p className="muted" data-testid="coverage-rows">
        {t(kind === 'payg' ? 'coverage.cachedPeriods' : 'coverage.cachedRows', { count: cached, n: formatCount(cached, locale) })}
      </p>
      <ul className="coverage" aria-label={t('coverage.label')} data-testid="coverage-map">
        {periods.map((p) => {
          const mine = ofKind.filter((w) => w.periodStart >= p.start && w.periodStart <= p.end);
          const syncing = current !== null && current.start <= p.end && current.end >= p.start;
          const state = syncing && coverageState(mine) === 'missing' ? 'syncing' : coverageState(mine);
          const rows = mine.reduce((n, w) => n + w.rowCount, 0);
          const synced = mine
            .map((w) => w.syncedAt)
            .filter((s): s is string => s !== null)
            .sort()
            .pop();
          const error = mine.find((w) => w.error)?.error;
          const label = periodKind === 'month' ? formatMonth(p.start, locale) : formatDate(p.start, locale);
          const title = [
            `${formatDate(p.start, locale)} – ${formatDate(p.end, locale)}`,
            t(`coverage.${state}`),
            synced ? t('coverage.syncedAt', { at: formatInstant(synced, locale) }) : null,
            error ?? null,
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <li key={p.start} className={`coverage-cell coverage-${state}`} title={title} data-state={state} data-testid="coverage-cell">
              <span className="when">{label}</span>
              <span className="state">{t(`coverage.${state}`)}</span>
              {state !== 'missing' && state !== 'syncing' ? <span className="muted">{t('coverage.rows', { count: rows, n: formatCount(rows, locale) })}</span> : null}
              <span className="sr-only">{title}</span>
            </li>
          );
        })}
      </ul>
      <div className="legend" aria-hidden="true">
        {(['synced', 'stale', 'failed', 'missing'] as const).map((s) => (
          <span key={s} className={`coverage-cell coverage-${s}`}>
            <span className="state">{t(`coverage.${s}`)}</span>
          </span>
        ))}
      </div>
    </>
  );
}
