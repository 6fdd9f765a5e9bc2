import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import type { PeriodKind, SignoffRole, SignoffView } from '../../api/types.ts';
import { formatInstant } from '../../format/dates.ts';
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
}

/** One role's sign-off of the range: who signed and when, or the form to sign (as the account running Concilia: nothing to type). */
export function SignCard({ role, live, disabled, onSigned, period, preparer }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const [busy, setBusy] = useState(false);
  const id = `sign-${role}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ws.selected) return;
    setBusy(true);
    try {
      const done = await call('review:signoff', { connection: ws.selected.name, from: ws.range.from, to: ws.range.to, period, role });
      if (done) onSigned();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={`${role}-card`}>
      <h2 id={`${id}-title`} className="card-title">
        {t(`signoff.roles.${role}`)}
      </h2>
      {live ? (
        <p role="status" data-testid={`${role}-signed`}>
          <span className="badge badge-ok">{t('signoff.live')}</span> {t('signoff.signedBy', { author: live.author, at: formatInstant(live.signedAt, locale) })}
        </p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p className="muted">{role === 'preparer' ? t('signoff.preparerHint') : disabled ? t('signoff.needsPreparer') : t('signoff.reviewerHint', { preparer: preparer ?? '' })}</p>
          <button type="submit" className="btn btn-primary" disabled={disabled || busy} data-testid={`${role}-sign`}>
            {t(`signoff.sign.${role}`)}
          </button>
        </form>
      )}
    </section>
  );
}
