import { useTranslation } from 'react-i18next';
import { formatAmount, formatPercent } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import type { Tolerance } from '../../state/workspace.tsx';

interface Props {
  whatIf: Tolerance;
  saved: Tolerance;
  currency: string;
  onSave: (t: Tolerance) => void;
  onDiscard: () => void;
  busy: boolean;
}

/**
 * Says that the figures shown use a tolerance nobody saved: sign-off and export keep the saved one.
 * A notice in the warning tone, not an error: nothing failed, the figures are only not the saved ones.
 * Saving it makes it the connection's tolerance (an audited change, recorded on the next sign-off).
 */
export function WhatIfNote({ whatIf, saved, currency, onSave, onDiscard, busy }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const describe = (tol: Tolerance) => t('tolerance.value', { abs: formatAmount(tol.abs, currency, locale), pct: formatPercent(tol.pct, locale) });
  return (
    <div className="alert alert-warn inline-alert" role="status" data-testid="what-if">
      <p>
        <span className="badge badge-warn badge-unsaved" data-testid="what-if-badge">
          {t('tolerance.whatIf')}
        </span>{' '}
        {t('tolerance.whatIfNote', { whatIf: describe(whatIf), saved: describe(saved) })}
      </p>
      <div className="row">
        <button type="button" className="btn btn-small" onClick={() => onSave(whatIf)} disabled={busy} data-testid="what-if-save">
          {t('tolerance.save')}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={onDiscard} disabled={busy} data-testid="what-if-discard">
          {t('tolerance.backToSaved')}
        </button>
      </div>
    </div>
  );
}
