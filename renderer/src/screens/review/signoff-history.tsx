import { useTranslation } from 'react-i18next';
import { describeVoid, type SignoffView } from '../../api/types.ts';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatInstant } from '../../format/dates.ts';
import { useLocale } from '../../i18n/use-locale.ts';

/** Every sign-off near the range, live or voided, and why a voided one no longer stands. */
export function SignoffHistory({ signoffs }: { signoffs: SignoffView[] | null }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const list = signoffs ?? [];
  return (
    <section className="card section" aria-labelledby="signoff-history-title">
      <h2 id="signoff-history-title" className="card-title">
        {t('signoff.history')}
      </h2>
      {list.length === 0 ? (
        <p className="muted">{t('signoff.none')}</p>
      ) : (
        <TableRegion labelledBy="signoff-history-title">
          <table className="plain" data-testid="signoffs-table">
            <thead>
              <tr>
                <th scope="col">{t('signoff.role')}</th>
                <th scope="col">{t('signoff.author')}</th>
                <th scope="col">{t('signoff.range')}</th>
                <th scope="col">{t('signoff.signedAt')}</th>
                <th scope="col">{t('signoff.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>{t(`signoff.roles.${s.role}`)}</td>
                  <td>{s.author}</td>
                  <td>
                    {formatDate(s.from, locale)} – {formatDate(s.to, locale)} · {t(`period.${s.period}`)}
                  </td>
                  <td>{formatInstant(s.signedAt, locale)}</td>
                  <td>
                    {s.status === 'live' ? (
                      <span className="badge badge-ok">{t('signoff.live')}</span>
                    ) : (
                      <>
                        <span className="badge badge-bad">{t('signoff.voided')}</span>{' '}
                        {/* When, then why as the core says it in the reader's language (items by name and period, never
                            by key): each its own sentence. Without the detail, the generic reason stands alone. */}
                        {s.voidDetail ? (
                          <span className="muted" data-testid="signoff-void-reason">
                            {t('signoff.voidedOn', { at: formatInstant(s.voidedAt, locale) })} {describeVoid(s.voidDetail, i18n.language.startsWith('es') ? 'es' : 'en')}
                          </span>
                        ) : (
                          <span className="muted" data-testid="signoff-void-reason">
                            {t('signoff.voidedBecause', { at: formatInstant(s.voidedAt, locale) })}
                          </span>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
