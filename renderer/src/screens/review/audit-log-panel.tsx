import { useTranslation } from 'react-i18next';
import type { AuditEntryView, AuditVerification } from '../../api/types.ts';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDate, formatInstant } from '../../format/dates.ts';
import { itemLabel } from '../../format/items.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useItemNames } from '../../state/item-names.tsx';

interface Props {
  log: AuditEntryView[] | null;
  verification: AuditVerification | null;
  onVerify: () => void;
}

type Payload = Record<string, unknown>;

const text = (payload: Payload, key: string): string => {
  const value = payload[key];
  return typeof value === 'string' ? value : '';
};

/** The hash-chained log, newest first: when, who, what, on which item — in words — and whether the chain holds. */
export function AuditLogPanel({ log, verification, onVerify }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const nameOf = useItemNames();

  const subject = (e: AuditEntryView): string => {
    const payload = (e.payload ?? {}) as Payload;
    if (e.action.startsWith('signoff.')) {
      const role = text(payload, 'role');
      return t('audit.signoffSubject', {
        role: role ? t(`signoff.roles.${role}`, { defaultValue: '' }) : '',
        from: formatDate(text(payload, 'from'), locale),
        to: formatDate(text(payload, 'to'), locale),
      });
    }
    if (e.action === 'connection.set_url') {
      return t('audit.addressSubject', { name: e.subject ?? '', from: text(payload, 'from'), to: text(payload, 'to') });
    }
    return e.subject ? itemLabel(nameOf(e.subject), t, locale) : '—';
  };
  const action = (e: AuditEntryView): string => {
    const words = t(`audit.actions.${e.action.replace('.', '_')}`, { defaultValue: t('audit.actions.other') });
    const state = text((e.payload ?? {}) as Payload, 'state');
    return e.action === 'review.set' && state ? `${words}: ${t(`review.state.${state}`, { defaultValue: '' })}` : words;
  };

  return (
    <section className="card section" aria-labelledby="audit-title">
      <div className="row">
        <h2 id="audit-title" className="card-title">
          {t('audit.title')}
        </h2>
        <span className="header-spacer" />
        <button type="button" className="btn btn-small" onClick={onVerify} data-testid="verify-chain">
          {t('audit.verify')}
        </button>
      </div>
      {verification ? (
        <p className={`alert inline-alert ${verification.ok ? 'alert-ok chain-ok' : 'chain-bad'}`} role="status" data-testid="chain-status" data-ok={verification.ok}>
          <strong>{verification.ok ? t('audit.chainOk', { count: verification.entries }) : t('audit.chainBad', { seq: verification.firstBadSeq ?? '?' })}</strong>
        </p>
      ) : null}
      {log && log.length > 0 ? (
        <TableRegion labelledBy="audit-title">
          <table className="plain" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('audit.seq')}
                </th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {[...log].reverse().map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">{formatInstant(e.at, locale)}</td>
                  <td>{e.actor}</td>
                  <td>{action(e)}</td>
                  <td>{subject(e)}</td>
                  <td className="mono" title={e.hash}>
                    {e.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        <p className="muted">{t('audit.empty')}</p>
      )}
    </section>
  );
}
