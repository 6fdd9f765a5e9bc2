import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useCall } from '../api/api-context.tsx';
import { REVIEW_REASONS, REVIEW_STATES, type ReviewReason, type ReviewState, type ReviewView } from '../api/types.ts';
import { useWorkspace } from '../state/workspace.tsx';

interface Props {
  keys: string[];
  /** Prefill from the item's current review (single-row form). */
  current?: ReviewView | null;
  onApplied?: () => void;
  compact?: boolean;
  idPrefix: string;
}

/**
 * State, reason and note for one item or many (bulk = the same change to every selected key). Who
 * made it is the account running Concilia, never typed; a settled state needs a reason and a note.
 */
export function ReviewForm({ keys, current, onApplied, compact, idPrefix }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const [state, setState] = useState<ReviewState>(current?.state === 'open' || !current ? 'explained' : current.state);
  const [reason, setReason] = useState<ReviewReason | ''>(current?.reason ?? '');
  const [note, setNote] = useState(current?.note ?? '');
  const [busy, setBusy] = useState(false);
  const connection = ws.selected?.name;
  // Explained, resolved and carried forward each need a reason and a note (the core refuses them otherwise).
  const settled = state !== 'open';
  const complete = !settled || (reason !== '' && note.trim() !== '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!connection || keys.length === 0) return;
    setBusy(true);
    try {
      const input = { connection, itemKeys: keys, state, reason: reason === '' ? null : reason, note: note.trim() === '' ? null : note };
      const done = await call('review:set', input);
      if (!done) return;
      ws.reviewsSaved();
      onApplied?.();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={compact ? 'bulk-bar' : 'stack'} onSubmit={(e) => void submit(e)} data-testid={`${idPrefix}-review-form`}>
      {compact ? (
        <strong className="row" role="status">
          {t('review.bulkSelected', { count: keys.length, n: formatCount(keys.length, locale) })}
        </strong>
      ) : null}
      <div className="field">
        <label htmlFor={`${idPrefix}-state`}>{t('review.stateLabel')}</label>
        <select id={`${idPrefix}-state`} value={state} onChange={(e) => setState(e.target.value as ReviewState)}>
          {REVIEW_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`review.state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>{t('review.reasonLabel')}</label>
        <select id={`${idPrefix}-reason`} value={reason} onChange={(e) => setReason(e.target.value as ReviewReason | '')} required={settled}>
          <option value="">{t('review.noReason')}</option>
          {REVIEW_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`review.reason.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-note`}>{t('review.noteLabel')}</label>
        {compact ? (
          <input id={`${idPrefix}-note`} type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} required={settled} />
        ) : (
          <textarea id={`${idPrefix}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} required={settled} />
        )}
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy || keys.length === 0 || !complete} data-testid={`${idPrefix}-review-apply`}>
        {keys.length > 1 ? t('review.applyMany', { count: keys.length, n: formatCount(keys.length, locale) }) : t('review.apply')}
      </button>
    </form>
  );
}
