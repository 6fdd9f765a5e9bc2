import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/api-context.tsx';
import { describeOwnAccount } from '../../api/contract.ts';
import type { ChannelOutput } from '../../api/types.ts';

type Identity = ChannelOutput<'identity:get'>;

/**
 * Who this window signs as: the operating-system account running Concilia and its signing key's
 * fingerprint (nothing here changes who that is), and the name shown for it, which may be changed:
 * the change is an entry of the review log. The account reads as a sentence; its exact id stays
 * beside it, small, for auditors matching it with the log and the workbook.
 */
export function IdentityCard({ onRenamed }: { onRenamed: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language.startsWith('es') ? 'es' : 'en';
  const call = useCall();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void call('identity:get').then((me) => {
      if (!live || !me) return;
      setIdentity(me);
      setName(me.displayName);
    });
    return () => {
      live = false;
    };
  }, [call]);

  const trimmed = name.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || trimmed === identity?.displayName) return;
    setBusy(true);
    try {
      const me = await call('identity:rename', { displayName: trimmed });
      if (me) {
        setIdentity(me);
        setName(me.displayName);
        onRenamed();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card section" aria-labelledby="identity-title" data-testid="identity-card">
      <h2 id="identity-title" className="card-title">
        {t('identity.title')}
      </h2>
      {identity ? (
        <>
          <dl className="facts">
            <div>
              <dt>{t('identity.name')}</dt>
              <dd data-testid="identity-name">{identity.displayName}</dd>
            </div>
            <div>
              <dt>{t('identity.account')}</dt>
              <dd data-testid="identity-account" title={identity.accountId}>
                {describeOwnAccount(identity.accountId, language)}
              </dd>
              <dd className="account-id">
                {t('identity.accountId')}{' '}
                <span className="mono" data-testid="identity-account-id">
                  {identity.accountId}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('identity.fingerprint')}</dt>
              <dd className="mono" data-testid="identity-fingerprint">
                {identity.fingerprint}
              </dd>
            </div>
          </dl>
          <p className="muted">{t('identity.hint')}</p>
          <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label={t('identity.rename')}>
            <div className="field">
              <label htmlFor="identity-rename">{t('identity.newName')}</label>
              <input id="identity-rename" type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="identity-rename" />
            </div>
            <button type="submit" className="btn" disabled={busy || !trimmed || trimmed === identity.displayName} data-testid="identity-rename-save">
              {t('identity.rename')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
