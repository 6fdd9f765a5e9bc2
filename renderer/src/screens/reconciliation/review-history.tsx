import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import { describeActor, describeAuditEntry, describeChange } from '../../api/contract.ts';
import type { ItemLabel } from '../../api/contract.ts';
import type { AuditEntryView, ReviewView } from '../../api/types.ts';
import { formatInstant } from '../../format/dates.ts';
import { useLocale } from '../../i18n/use-locale.ts';

/**
 * An item reopened by a restatement: that it is open again because its figures changed, and what
 * changed (old → new). It stands in for "currently open by …": nobody reopened it by hand.
 */
export function ReopenedNotice({ label, review }: { label: ItemLabel; review: ReviewView | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language.startsWith('es') ? 'es' : 'en';
  const reopened = review?.state === 'open' ? (review.reopened ?? null) : null;
  if (!reopened) return null;
  return (
    <div className="alert inline-alert" role="status" data-testid="drill-reopened">
      <p>
        <span className="badge badge-bad">{t('drill.reopened')}</span>{' '}
        {reopened.changes.map((c) => describeChange({ item: label, field: c.field, from: c.from, to: c.to }, language)).join('; ')}
      </p>
    </div>
  );
}

/** Every change of an item's review, oldest first, as sentences in the window's language. */
export function ItemReviewHistory({ connection, label, review, version }: { connection: string; label: ItemLabel; review: ReviewView | null; version: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language.startsWith('es') ? 'es' : 'en';
  const locale = useLocale();
  const call = useCall();
  const [history, setHistory] = useState<AuditEntryView[] | null>(null);

  useEffect(() => {
    let live = true;
    void call('review:history', { connection, itemKey: label.key }).then((entries) => {
      if (live) setHistory(entries);
    });
    return () => {
      live = false;
    };
  }, [call, connection, label.key, version, review?.updatedAt]);

  return (
    <>
      <h4 id="drill-history-title" className="card-title">
        {t('drill.history')}
      </h4>
      {history && history.length > 0 ? (
        <ol className="history" aria-labelledby="drill-history-title" data-testid="drill-history">
          {history.map((e) => (
            <li key={e.seq}>
              <span className="muted">
                {formatInstant(e.at, locale)} · {describeActor(e, language)}
              </span>{' '}
              {describeAuditEntry(e, language, (key) => (key === label.key ? label : null))}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('drill.noHistory')}</p>
      )}
    </>
  );
}
