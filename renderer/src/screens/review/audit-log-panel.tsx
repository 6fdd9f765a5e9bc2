import { useTranslation } from 'react-i18next';
import type { AuditEntryView, AuditVerification } from '../../api/types.ts';
import { TableRegion } from '../../components/table-region.tsx';
import { describeActor, describeAuditEntry } from '../../api/contract.ts';
import { formatInstant } from '../../format/dates.ts';
import { useLocale } from '../../i18n/use-locale.ts';

interface Props {
  log: AuditEntryView[] | null;
  verification: AuditVerification | null;
  onVerify: () => void;
}

/** The hash-chained log, newest first: when, who, and what happened as a sentence in the window's language; and whether the chain holds. */
export function AuditLogPanel({ log, verification, onVerify }: Props) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const language = i18n.language.startsWith('es') ? 'es' : 'en';

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
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {[...log].reverse().map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">{formatInstant(e.at, locale)}</td>
                  <td>{describeActor(e, language)}</td>
                  <td>{describeAuditEntry(e, language, (key) => (e.item?.key === key ? e.item : null))}</td>
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
