import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import { describeVoid, type AuditEntryView, type AuditVerification, type SignoffRole, type SignoffView } from '../api/types.ts';
import { ExportButton } from '../components/export-button.tsx';
import { RangeBar, rangeKey } from '../components/range-bar.tsx';
import { formatDate, formatInstant } from '../format/dates.ts';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useReviewCounts } from '../state/review-counts.ts';
import { useWorkspace } from '../state/workspace.tsx';

export function ReviewScreen() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const connection = ws.selected;
  const name = connection?.name ?? '';
  const [signoffs, setSignoffs] = useState<SignoffView[] | null>(null);
  const [log, setLog] = useState<AuditEntryView[] | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const { from, to } = ws.range;
  const period = connection?.kind === 'payg' && ws.range.period === 'range' ? 'week' : ws.range.period;

  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!name) return;
    let live = true;
    void Promise.all([call('review:signoffs', { connection: name, from, to }), call('review:log', { connection: name }), call('review:verify')]).then(
      ([s, l, v]) => {
        if (!live) return;
        if (s) setSignoffs(s);
        if (l) setLog(l);
        if (v) setVerification(v);
      },
    );
    return () => {
      live = false;
    };
  }, [call, name, from, to, version]);

  const r = ws.reconciliation?.connection === name ? ws.reconciliation : null;
  const counts = useReviewCounts(r, ws.viewVersion);

  if (!connection) return null;
  const mine = (signoffs ?? []).filter((s) => s.from === from && s.to === to && s.period === period);
  const livePreparer = mine.find((s) => s.role === 'preparer' && s.status === 'live');
  const liveReviewer = mine.find((s) => s.role === 'reviewer' && s.status === 'live');

  return (
    <section aria-labelledby="review-title">
      <div className="page-header">
        <div>
          <h1 id="review-title" className="page-title">
            {t('signoff.title')}
          </h1>
          <p className="page-subtitle">
            {t('signoff.subtitle', { name, from: formatDate(from, locale), to: formatDate(to, locale), period: t(`period.${period}`) })}
          </p>
        </div>
        <div className="page-actions">
          <ExportButton />
        </div>
      </div>
      <div className="card">
        <RangeBar
          key={rangeKey(ws.range)}
          range={ws.range}
          onApply={ws.setRange}
          periods={connection.kind === 'payg' ? ['week', 'month'] : undefined}
          applyLabel={t('signoff.show')}
        />
        {r ? (
          <p data-testid="review-progress">
            {t('signoff.itemsState', {
              total: formatCount(counts.total, locale),
              open: formatCount(counts.open, locale),
              explained: formatCount(counts.explained, locale),
              resolved: formatCount(counts.resolved, locale),
            })}
          </p>
        ) : (
          <p className="muted">{t('signoff.runFirst')}</p>
        )}
      </div>
      <div className="grid-2 section">
        <SignCard role="preparer" live={livePreparer} disabled={false} onSigned={refresh} period={period} />
        <SignCard role="reviewer" live={liveReviewer} disabled={!livePreparer} onSigned={refresh} period={period} preparer={livePreparer?.author} />
      </div>
      <section className="card" aria-labelledby="signoff-history-title">
        <h2 id="signoff-history-title" className="card-title">
          {t('signoff.history')}
        </h2>
        {mine.length === 0 && (signoffs ?? []).length === 0 ? (
          <p className="muted">{t('signoff.none')}</p>
        ) : (
          <div className="table-wrap">
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
                {(signoffs ?? []).map((s) => (
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
                          <span className="badge badge-bad">{t('signoff.voided')}</span> <span className="muted">{s.voidDetail ? describeVoid(s.voidDetail, i18n.language.startsWith('es') ? 'es' : 'en') : null}</span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="audit-title">
        <div className="row">
          <h2 id="audit-title" className="card-title">
            {t('audit.title')}
          </h2>
          <span className="header-spacer" />
          <button type="button" className="btn btn-small" onClick={refresh} data-testid="verify-chain">
            {t('audit.verify')}
          </button>
        </div>
        {verification ? (
          <p
            className={`alert inline-alert ${verification.ok ? 'alert-ok chain-ok' : 'chain-bad'}`}
            role="status"
            data-testid="chain-status"
            data-ok={verification.ok}
          >
            <strong>
              {verification.ok ? t('audit.chainOk', { count: verification.entries }) : t('audit.chainBad', { seq: verification.firstBadSeq ?? '?' })}
            </strong>
            &nbsp;{verification.message}
          </p>
        ) : null}
        {log && log.length > 0 ? (
          <div className="table-wrap">
            <table className="plain" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
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
                    <td>{formatInstant(e.at, locale)}</td>
                    <td>{e.actor}</td>
                    <td>{t(`audit.actions.${e.action.replace('.', '_')}`, { defaultValue: e.action })}</td>
                    <td className="mono">{e.subject ?? '—'}</td>
                    <td className="mono" title={e.hash}>
                      {e.hash.slice(0, 12)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('audit.empty')}</p>
        )}
      </section>
    </section>
  );
}

function SignCard({
  role,
  live,
  disabled,
  onSigned,
  period,
  preparer,
}: {
  role: SignoffRole;
  live: SignoffView | undefined;
  disabled: boolean;
  onSigned: () => void;
  period: 'month' | 'week' | 'range';
  preparer?: string;
}) {
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
          <p className="muted">
            {role === 'preparer' ? t('signoff.preparerHint') : disabled ? t('signoff.needsPreparer') : t('signoff.reviewerHint', { preparer: preparer ?? '' })}
          </p>
          <button type="submit" className="btn btn-primary" disabled={disabled || busy} data-testid={`${role}-sign`}>
            {t(`signoff.sign.${role}`)}
          </button>
        </form>
      )}
    </section>
  );
}
