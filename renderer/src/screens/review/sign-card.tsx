import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/api-context.tsx';
import { describeProblem, describeTally, describeTolerance } from '../../api/contract.ts';
import type { PeriodKind, SignoffRole, SignoffView } from '../../api/types.ts';
import { formatInstant } from '../../format/dates.ts';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useWorkspace } from '../../state/workspace.tsx';

interface Props {
  role: SignoffRole;
  live: SignoffView | undefined;
  /** The reviewer waits for the preparer. */
  disabled: boolean;
  onSigned: () => void;
  period: PeriodKind;
  preparer?: string;
  /** Items of the range still open (a preparer sign-off is refused while there are any). */
  open: number;
  /** Go to the open items, to review them. */
  onShowOpenItems: () => void;
}

/**
 * One role's sign-off of the range: who signed, when, and what the sign-off records (its counts
 * and tolerance); or the form to sign (as the account running Concilia: nothing to type). A
 * refusal is said here, beside the button, with the way to the items it is about.
 */
export function SignCard({ role, live, disabled, onSigned, period, preparer, open, onShowOpenItems }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language.startsWith('es') ? 'es' : 'en';
  const locale = useLocale();
  // The refusal is shown in the card, where the user is, in the window's language.
  const api = useApi();
  const ws = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = `sign-${role}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ws.selected) return;
    setBusy(true);
    setRefusal(null);
    try {
      const result = await api['review:signoff']({ connection: ws.selected.name, from: ws.range.from, to: ws.range.to, period, role });
      if (result.ok) onSigned();
      else setRefusal(result.error.problem ? describeProblem(result.error.problem, language) : result.error.message);
    } finally {
      setBusy(false);
    }
  };

  const recorded = live?.attested
    ? [describeTally(live.attested.tally, language), live.attested.tolerance ? describeTolerance(live.attested.tolerance, language) : null].filter((x) => x !== null).join(' · ')
    : null;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={`${role}-card`}>
      <h2 id={`${id}-title`} className="card-title">
        {t(`signoff.roles.${role}`)}
      </h2>
      {live ? (
        <>
          <p role="status" data-testid={`${role}-signed`}>
            <span className="badge badge-ok">{t('signoff.live')}</span> {t('signoff.signedBy', { author: live.author, at: formatInstant(live.signedAt, locale) })}
          </p>
          {recorded ? (
            <p className="muted" data-testid={`${role}-recorded`}>
              {t('signoff.records', { what: recorded })}
            </p>
          ) : null}
        </>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p className="muted">{role === 'preparer' ? t('signoff.preparerHint') : disabled ? t('signoff.needsPreparer') : t('signoff.reviewerHint', { preparer: preparer ?? '' })}</p>
          {role === 'preparer' && open > 0 && !refusal ? (
            <p data-testid="preparer-open">{t('signoff.stillOpen', { count: open, n: formatCount(open, locale) })}</p>
          ) : null}
          {refusal ? (
            <div className="alert inline-alert" role="alert" data-testid={`${role}-refusal`}>
              <p>{refusal}</p>
            </div>
          ) : null}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={disabled || busy} data-testid={`${role}-sign`}>
              {t(`signoff.sign.${role}`)}
            </button>
            {role === 'preparer' && open > 0 ? (
              <button type="button" className="btn" onClick={onShowOpenItems} data-testid="show-open-items">
                {t('signoff.showOpen', { count: open, n: formatCount(open, locale) })}
              </button>
            ) : null}
          </div>
        </form>
      )}
    </section>
  );
}
