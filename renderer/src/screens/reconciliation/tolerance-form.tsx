import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDecimalInput, parseDecimalInput } from '../../format/number-input.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import type { Tolerance } from '../../state/workspace.tsx';

/**
 * The tolerance of this run, typed the way the app's language writes numbers ("1.000,5" in
 * Spanish, "1,000.5" in English). What is sent is the plain decimal; what cannot be read is said
 * here, in words, before anything is sent. Keyed by the caller: it starts from `initial`.
 */
export function ToleranceForm({ initial, currency, onApply, busy }: { initial: Tolerance; currency: string; onApply: (t: Tolerance) => void; busy: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [abs, setAbs] = useState(() => formatDecimalInput(initial.abs, locale));
  const [pct, setPct] = useState(() => formatDecimalInput(initial.pct, locale));
  const absValue = parseDecimalInput(abs, locale);
  const pctValue = parseDecimalInput(pct, locale);
  // Examples written the way this language writes them: "1,000.5 or 0.5", "1.000,5 o 0,5".
  const example = { amount: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, useGrouping: 'always' }).format(1000.5), percent: formatDecimalInput('0.5', locale) };
  return (
    <form
      className="toolbar"
      aria-label={t('tolerance.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (absValue !== null && pctValue !== null) onApply({ abs: absValue, pct: pctValue });
      }}
    >
      <div className="field">
        <label htmlFor="tol-abs">{t('tolerance.absIn', { currency })}</label>
        <input
          id="tol-abs"
          type="text"
          inputMode="decimal"
          value={abs}
          onChange={(e) => setAbs(e.target.value)}
          size={12}
          aria-invalid={absValue === null}
          aria-describedby="tol-hint"
          data-testid="tolerance-abs"
        />
      </div>
      <div className="field">
        <label htmlFor="tol-pct">{t('tolerance.pct')}</label>
        <input
          id="tol-pct"
          type="text"
          inputMode="decimal"
          value={pct}
          onChange={(e) => setPct(e.target.value)}
          size={6}
          aria-invalid={pctValue === null}
          aria-describedby="tol-hint"
          data-testid="tolerance-pct"
        />
      </div>
      <button type="submit" className="btn" disabled={absValue === null || pctValue === null || busy} data-testid="tolerance-apply">
        {t('tolerance.apply')}
      </button>
      <span id="tol-hint" className={absValue === null || pctValue === null ? 'field-hint field-error' : 'field-hint'} role="status" data-testid="tolerance-hint">
        {absValue === null || pctValue === null ? t('tolerance.invalid', example) : t('tolerance.hint')}
      </span>
    </form>
  );
}
