import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodKind } from '../api/types.ts';
import { useLocale } from '../i18n/use-locale.ts';
import type { Range } from '../state/workspace.tsx';
import { DateField } from './date-field.tsx';

interface Props {
  range: Range;
  onApply: (r: Range) => void;
  /** PAYG reconciles by week or month only. */
  periods?: readonly PeriodKind[];
  applyLabel: string;
  busy?: boolean;
  children?: ReactNode;
}

/**
 * From/to dates and the period kind, applied together (a half-typed date never triggers work).
 * It starts from `range`; callers give it `key={rangeKey(range)}` so an outside change resets it.
 */
export function RangeBar({ range, onApply, periods = ['month', 'week', 'range'], applyLabel, busy, children }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [period, setPeriod] = useState<PeriodKind>(periods.includes(range.period) ? range.period : (periods[0] ?? 'month'));

  const invalid = !from || !to || from > to;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) onApply({ from, to, period });
  };

  return (
    <form className="toolbar" onSubmit={submit} aria-label={t('range.label')}>
      {/* Keyed by language: what is typed is shown again in the new language's order. */}
      <DateField key={`from|${locale}`} id="range-from" label={t('range.from')} value={from} onChange={setFrom} testId="range-from" />
      <DateField key={`to|${locale}`} id="range-to" label={t('range.to')} value={to} onChange={setTo} testId="range-to" />
      <div className="field">
        <span className="label" id="range-period-label">
          {t('range.period')}
        </span>
        <div className="segmented" role="group" aria-labelledby="range-period-label">
          {periods.map((p) => (
            <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)} data-testid={`period-${p}`}>
              {t(`period.${p}`)}
            </button>
          ))}
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={invalid || busy} data-testid="range-apply">
        {applyLabel}
      </button>
      {invalid && from && to ? (
        <span className="field-hint" role="status">
          {t('range.invalid')}
        </span>
      ) : null}
      {children}
    </form>
  );
}

export function rangeKey(r: Range): string {
  return `${r.from}|${r.to}|${r.period}`;
}
