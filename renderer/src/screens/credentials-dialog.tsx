import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { ConnectionView, CredentialStatus } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { useWorkspace } from '../state/workspace.tsx';

/**
 * Write-only credentials: the fields start empty every time, the status says "stored" or
 * "not set", and nothing typed here is ever read back from the app.
 */
export function CredentialsDialog({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const ws = useWorkspace();
  const [status, setStatus] = useState<CredentialStatus>(connection.credentials);
  const [token, setToken] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [acceptWeak, setAcceptWeak] = useState(false);
  const [busy, setBusy] = useState(false);

  // The list may be a moment old: ask for the current status (booleans only, never the values).
  useEffect(() => {
    let live = true;
    void call('connections:credentialStatus', { name: connection.name }).then((s) => {
      if (live && s) setStatus(s);
    });
    return () => {
      live = false;
    };
  }, [connection.name, call]);

  const weak = status.protection === 'basic_text';
  const needsToken = status.required.includes('token');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const input = {
        name: connection.name,
        ...(token.trim() ? { token } : {}),
        ...(apiKey.trim() ? { apiKey } : {}),
        ...(weak ? { acceptWeakProtection: acceptWeak } : {}),
      };
      const next = await call('connections:setCredentials', input);
      if (next) {
        setStatus(next);
        setToken('');
        setApiKey('');
        await ws.refreshConnections();
        onClose();
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const next = await call('connections:deleteCredentials', { name: connection.name });
    if (next) {
      setStatus(next);
      await ws.refreshConnections();
    }
  };

  const stored = (has: boolean | undefined) => (
    <span className={`badge ${has ? 'badge-ok' : 'badge-neutral'}`} data-testid="credential-state">
      {has ? t('credentials.stored') : t('credentials.notSet')}
    </span>
  );

  const nothingTyped = !token.trim() && !apiKey.trim();
  return (
    <Dialog
      open
      title={t('credentials.title', { name: connection.name })}
      onClose={onClose}
      testId="credentials-dialog"
      footer={
        <>
          <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={!status.hasToken && !status.hasApiKey}>
            {t('credentials.delete')}
          </button>
          <span className="header-spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="credentials-form" className="btn btn-primary" disabled={busy || nothingTyped || (weak && !acceptWeak)}>
            {t('credentials.save')}
          </button>
        </>
      }
    >
      <form id="credentials-form" className="stack" onSubmit={(e) => void submit(e)} autoComplete="off">
        <p className="muted">{t('credentials.writeOnly')}</p>
        {weak ? (
          <div className="alert alert-warn inline-alert" role="note">
            <div className="alert-body">
              <p className="alert-title">{t('credentials.weakTitle')}</p>
              <p>{t('credentials.weakBody')}</p>
            </div>
          </div>
        ) : null}
        {needsToken ? (
          <div className="field">
            <label htmlFor="cred-token">
              {t('credentials.token')} {stored(status.hasToken)}
            </label>
            <input
              id="cred-token"
              type="password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={status.hasToken ? t('credentials.replacePlaceholder') : ''}
            />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="cred-key">
            {t('credentials.apiKey')} {stored(status.hasApiKey)}
          </label>
          <input
            id="cred-key"
            type="password"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder={status.hasApiKey ? t('credentials.replacePlaceholder') : ''}
          />
        </div>
        {weak ? (
          <label className="checkbox-field">
            <input type="checkbox" checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} data-testid="accept-weak" />
            <span>{t('credentials.acceptWeak')}</span>
          </label>
        ) : null}
        {status.protection === 'memory' ? <p className="field-hint">{t('credentials.memory')}</p> : null}
      </form>
    </Dialog>
  );
}
