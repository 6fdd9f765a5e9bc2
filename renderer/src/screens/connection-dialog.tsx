import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { ConnectionKind, ConnectionView } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { formatDecimalInput, parseDecimalInput } from '../format/number-input.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace } from '../state/workspace.tsx';

interface Props {
  open: boolean;
  /** Edit this connection; add a new one when absent. */
  editing?: ConnectionView | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}

type Field = 'name' | 'baseUrl' | 'tenant' | 'currency' | 'toleranceAbs' | 'tolerancePct';

/** Mounted only while open, so every opening starts from the connection's current values. */
export function ConnectionDialog(props: Props) {
  return props.open ? <ConnectionForm {...props} /> : null;
}

function isWebAddress(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}

function ConnectionForm({ open, editing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const [kind, setKind] = useState<ConnectionKind>(editing?.kind ?? 'portal');
  const [name, setName] = useState(editing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? 'https://');
  const [tenant, setTenant] = useState(editing?.tenant ?? '');
  const [currency, setCurrency] = useState(editing?.currency ?? '');
  const [toleranceAbs, setToleranceAbs] = useState(formatDecimalInput(editing?.toleranceAbs ?? '0', locale));
  const [tolerancePct, setTolerancePct] = useState(formatDecimalInput(editing?.tolerancePct ?? '0', locale));
  const [busy, setBusy] = useState(false);
  // Messages show once the user tried to save: not while they are still typing the first field.
  const [tried, setTried] = useState(false);
  const portal = (editing?.kind ?? kind) === 'portal';
  const abs = parseDecimalInput(toleranceAbs, locale);
  const pct = parseDecimalInput(tolerancePct, locale);
  const numberHint = t('tolerance.invalid', { amount: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, useGrouping: 'always' }).format(1000.5), percent: formatDecimalInput('0.5', locale) });

  const errors: Partial<Record<Field, string>> = {};
  if (!editing && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name.trim())) errors.name = t('connections.errors.name');
  if (!isWebAddress(baseUrl)) errors.baseUrl = t('connections.errors.baseUrl');
  if (portal) {
    if (tenant.trim() === '') errors.tenant = t('connections.errors.tenant');
    if (!/^[A-Za-z]{3}$/.test(currency.trim())) errors.currency = t('connections.errors.currency');
    if (abs === null) errors.toleranceAbs = numberHint;
    if (pct === null) errors.tolerancePct = numberHint;
  }
  const shown = tried ? errors : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      let saved: ConnectionView | null;
      const tolerance = { toleranceAbs: abs ?? '0', tolerancePct: pct ?? '0' };
      if (editing) {
        const patch = editing.kind === 'portal' ? { baseUrl, tenant, currency: currency.toUpperCase(), ...tolerance } : { baseUrl };
        saved = await call('connections:update', { name: editing.name, patch });
      } else if (kind === 'portal') {
        saved = await call('connections:add', { kind, name, baseUrl, tenant, currency: currency.toUpperCase(), ...tolerance });
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

  /** A labelled input with its hint and, after a try, its problem in words. */
  const field = (id: Field, label: string, control: (describedBy: string | undefined) => ReactNode, hint?: string) => {
    const problem = shown[id];
    const describedBy = [hint ? `conn-${id}-hint` : null, problem ? `conn-${id}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={`conn-${id}`}>{label}</label>
        {control(describedBy)}
        {hint ? (
          <span id={`conn-${id}-hint`} className="field-hint">
            {hint}
          </span>
        ) : null}
        {problem ? (
          <span id={`conn-${id}-error`} className="field-hint field-error" data-testid={`conn-${id}-error`}>
            {problem}
          </span>
        ) : null}
      </div>
    );
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
      {/* noValidate: the browser's own messages speak the browser's language, these speak the app's. */}
      <form id={formId} className="stack" onSubmit={(e) => void submit(e)} noValidate>
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
        {!editing
          ? field('name', t('connections.name'), (describedBy) => (
              <input id="conn-name" type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={64} aria-invalid={!!shown.name} aria-describedby={describedBy} data-autofocus />
            ))
          : null}
        {field(
          'baseUrl',
          t('connections.baseUrl'),
          (describedBy) => <input id="conn-baseUrl" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-invalid={!!shown.baseUrl} aria-describedby={describedBy} />,
          t('connections.baseUrlHint'),
        )}
        {portal ? (
          <>
            <div className="field-row">
              {field('tenant', t('connections.tenant'), (describedBy) => (
                <input id="conn-tenant" type="text" value={tenant} onChange={(e) => setTenant(e.target.value)} aria-invalid={!!shown.tenant} aria-describedby={describedBy} />
              ))}
              {field(
                'currency',
                t('connections.currency'),
                (describedBy) => (
                  <input
                    id="conn-currency"
                    type="text"
                    value={currency}
                    onChange={(e) => setCurrency(e.target.value.toUpperCase())}
                    maxLength={3}
                    size={5}
                    aria-invalid={!!shown.currency}
                    aria-describedby={describedBy}
                  />
                ),
                t('connections.currencyHint'),
              )}
            </div>
            <div className="field-row">
              {field('toleranceAbs', t('tolerance.abs'), (describedBy) => (
                <input
                  id="conn-toleranceAbs"
                  type="text"
                  inputMode="decimal"
                  value={toleranceAbs}
                  onChange={(e) => setToleranceAbs(e.target.value)}
                  aria-invalid={!!shown.toleranceAbs}
                  aria-describedby={describedBy}
                />
              ))}
              {field('tolerancePct', t('tolerance.pct'), (describedBy) => (
                <input
                  id="conn-tolerancePct"
                  type="text"
                  inputMode="decimal"
                  value={tolerancePct}
                  onChange={(e) => setTolerancePct(e.target.value)}
                  aria-invalid={!!shown.tolerancePct}
                  aria-describedby={describedBy}
                />
              ))}
            </div>
          </>
        ) : null}
      </form>
    </Dialog>
  );
}
