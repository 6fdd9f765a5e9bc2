import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { ConnectionKind, ConnectionView } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { useWorkspace } from '../state/workspace.tsx';

interface Props {
  open: boolean;
  /** Edit this connection; add a new one when absent. */
  editing?: ConnectionView | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}

/** Mounted only while open, so every opening starts from the connection's current values. */
export function ConnectionDialog(props: Props) {
  return props.open ? <ConnectionForm {...props} /> : null;
}

function ConnectionForm({ open, editing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const call = useCall();
  const ws = useWorkspace();
  const [kind, setKind] = useState<ConnectionKind>(editing?.kind ?? 'portal');
  const [name, setName] = useState(editing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? 'https://');
  const [tenant, setTenant] = useState(editing?.tenant ?? '');
  const [currency, setCurrency] = useState(editing?.currency ?? '');
  const [toleranceAbs, setToleranceAbs] = useState(editing?.toleranceAbs ?? '0');
  const [tolerancePct, setTolerancePct] = useState(editing?.tolerancePct ?? '0');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      let saved: ConnectionView | null;
      if (editing) {
        const patch = editing.kind === 'portal' ? { baseUrl, tenant, currency: currency.toUpperCase(), toleranceAbs, tolerancePct } : { baseUrl };
        saved = await call('connections:update', { name: editing.name, patch });
      } else if (kind === 'portal') {
        saved = await call('connections:add', { kind, name, baseUrl, tenant, currency: currency.toUpperCase(), toleranceAbs, tolerancePct });
      } else {
        saved = await call('connections:add', { kind, name, baseUrl });
      }
      if (!saved) return;
      await ws.refreshConnections();
      onSaved(saved.name);
    } finally {
      setBusy(false);
    }
  };

  const formId = 'connection-form';
  return (
    <Dialog
      open={open}
      title={editing ? t('connections.editTitle', { name: editing.name }) : t('connections.addTitle')}
      onClose={onClose}
      testId="connection-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {editing ? t('common.save') : t('connections.add')}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={(e) => void submit(e)}>
        {!editing ? (
          <fieldset>
            <legend>{t('connections.kind')}</legend>
            <div className="row">
              {(['portal', 'payg'] as const).map((k) => (
                <label key={k} className="checkbox-field">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  <span>
                    <strong>{t(`kind.${k}`)}</strong>
                    <br />
                    <span className="field-hint">{t(`kind.${k}Hint`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {!editing ? (
          <div className="field">
            <label htmlFor="conn-name">{t('connections.name')}</label>
            <input id="conn-name" type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} data-autofocus />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="conn-url">{t('connections.baseUrl')}</label>
          <input id="conn-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required aria-describedby="conn-url-hint" />
          <span id="conn-url-hint" className="field-hint">
            {t('connections.baseUrlHint')}
          </span>
        </div>
        {(editing?.kind ?? kind) === 'portal' ? (
          <>
            <div className="field-row">
              <div className="field">
                <label htmlFor="conn-tenant">{t('connections.tenant')}</label>
                <input id="conn-tenant" type="text" value={tenant} onChange={(e) => setTenant(e.target.value)} required />
              </div>
              <div className="field">
                <label htmlFor="conn-currency">{t('connections.currency')}</label>
                <input
                  id="conn-currency"
                  type="text"
                  value={currency}
                  onChange={(e) => setCurrency(e.target.value.toUpperCase())}
                  required
                  pattern="[A-Za-z]{3}"
                  maxLength={3}
                  size={5}
                  aria-describedby="conn-currency-hint"
                />
                <span id="conn-currency-hint" className="field-hint">
                  {t('connections.currencyHint')}
                </span>
              </div>
            </div>
            <div className="field-row">
              <div className="field">
                <label htmlFor="conn-tol-abs">{t('tolerance.abs')}</label>
                <input id="conn-tol-abs" type="text" inputMode="decimal" value={toleranceAbs} onChange={(e) => setToleranceAbs(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="conn-tol-pct">{t('tolerance.pct')}</label>
                <input id="conn-tol-pct" type="text" inputMode="decimal" value={tolerancePct} onChange={(e) => setTolerancePct(e.target.value)} />
              </div>
            </div>
          </>
        ) : null}
      </form>
    </Dialog>
  );
}
