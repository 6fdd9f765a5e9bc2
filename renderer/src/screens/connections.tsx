import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { ConnectionView } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { formatAmount, formatPercent } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace } from '../state/workspace.tsx';
import { ConnectionDialog } from './connection-dialog.tsx';
import { CredentialsDialog } from './credentials-dialog.tsx';
import { PageHeader } from '../components/page-header.tsx';

interface TestOutcome {
  ok: boolean;
  message: string;
}

export function ConnectionsScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConnectionView | null>(null);
  const [credentialsFor, setCredentialsFor] = useState<ConnectionView | null>(null);
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, TestOutcome>>({});

  const test = async (c: ConnectionView) => {
    setTesting(c.name);
    try {
      const outcome = await call('connections:test', { name: c.name });
      if (outcome) setTests((m) => ({ ...m, [c.name]: outcome }));
      await ws.refreshInfo();
    } finally {
      setTesting(null);
    }
  };

  const remove = async () => {
    if (!removing) return;
    const done = await call('connections:remove', { name: removing.name });
    setRemoving(null);
    if (done) await ws.refreshConnections();
  };

  const list = ws.connections ?? [];
  return (
    <section aria-labelledby="connections-title">
      <PageHeader
        id="connections-title"
        title={t('connections.title')}
        subtitle={t('connections.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="add-connection">
            {t('connections.add')}
          </button>
        }
      />
      {list.length === 0 ? <div className="card empty">{t('connections.none')}</div> : null}
      <div className="stack">
        {list.map((c) => {
          const outcome = tests[c.name];
          const creds = c.credentials;
          const complete = creds.required.every((f) => (f === 'token' ? creds.hasToken : creds.hasApiKey));
          return (
            <article key={c.name} className="card" aria-labelledby={`conn-${c.id}`} data-testid="connection-card">
              <div className="row">
                <h2 id={`conn-${c.id}`} className="card-title">
                  {c.name}
                </h2>
                <span className="badge badge-neutral">{t(`kind.${c.kind}`)}</span>
                <span className={`badge ${complete ? 'badge-ok' : 'badge-warn'}`}>{complete ? t('credentials.stored') : t('credentials.missing')}</span>
                <span className="header-spacer" />
                <button type="button" className="btn btn-small" onClick={() => void test(c)} disabled={testing === c.name}>
                  {testing === c.name ? t('connections.testing') : t('connections.test')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => setCredentialsFor(c)}>
                  {t('connections.credentials')}
                </button>
                <button type="button" className="btn btn-small" onClick={() => setEditing(c)}>
                  {t('common.edit')}
                </button>
                <button type="button" className="btn btn-small btn-danger" onClick={() => setRemoving(c)}>
                  {t('common.remove')}
                </button>
              </div>
              <dl className="row muted">
                <dt className="sr-only">{t('connections.baseUrl')}</dt>
                <dd className="mono">{c.baseUrl}</dd>
                {c.tenant ? (
                  <>
                    <dt>{t('connections.tenant')}:</dt>
                    <dd>{c.tenant}</dd>
                  </>
                ) : null}
                {c.currency ? (
                  <>
                    <dt>{t('connections.currency')}:</dt>
                    <dd>{c.currency}</dd>
                    <dt>{t('tolerance.label')}:</dt>
                    <dd>
                      {formatAmount(c.toleranceAbs, c.currency, locale)} · {formatPercent(c.tolerancePct, locale)}
                    </dd>
                  </>
                ) : null}
              </dl>
              {outcome ? (
                <p className={`alert inline-alert ${outcome.ok ? 'alert-ok' : ''}`} role="status" data-testid="test-outcome">
                  <strong>{outcome.ok ? t('connections.testOk') : t('connections.testFailed')}</strong>&nbsp;{outcome.message}
                </p>
              ) : null}
            </article>
          );
        })}
      </div>
      <ConnectionDialog open={adding} onClose={() => setAdding(false)} onSaved={() => setAdding(false)} />
      <ConnectionDialog open={editing !== null} editing={editing} onClose={() => setEditing(null)} onSaved={() => setEditing(null)} />
      {credentialsFor ? <CredentialsDialog connection={credentialsFor} onClose={() => setCredentialsFor(null)} /> : null}
      <Dialog
        open={removing !== null}
        title={t('connections.removeTitle', { name: removing?.name ?? '' })}
        onClose={() => setRemoving(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setRemoving(null)} data-autofocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void remove()}>
              {t('common.remove')}
            </button>
          </>
        }
      >
        <p>{t('connections.removeBody')}</p>
      </Dialog>
    </section>
  );
}
