import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaygSummary } from '../../api/types.ts';
import { DateField } from '../../components/date-field.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { IncompleteNote } from '../../components/incomplete-note.tsx';
import { RangeBar, rangeKey } from '../../components/range-bar.tsx';
import { formatAmount, formatPercent } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { useReconciliation, useWorkspace } from '../../state/workspace.tsx';
import { OpenItemsPanel } from '../panels/open-items-panel.tsx';
import { RemovalsPanel } from '../panels/removals-panel.tsx';
import { RestatementsPanel } from '../panels/restatements-panel.tsx';
import { AgeingChart, BilledVsCollected } from './payg-charts.tsx';
import { ExceptionsPanel } from './exceptions-panel.tsx';
import { PageHeader } from '../../components/page-header.tsx';

/** Same order as everywhere else: months first. */
const PAYG_PERIODS = ['month', 'week'] as const;

export function PaygScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const ws = useWorkspace();
  const connection = ws.selected;
  const current = useReconciliation();
  const r = current?.kind === 'payg' ? current : null;
  const { runReconcile, reconciling } = ws;
  // Ages count to the end of the range unless the user picks another day: a past month is read as it stood then.
  const asOf = ws.asOf ?? ws.range.to;

  if (!connection) return null;
  return (
    <section aria-labelledby="payg-title">
      <PageHeader id="payg-title" title={t('payg.title')} subtitle={t('payg.subtitle', { name: connection.name })} actions={<ExportButton />} />
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={ws.setRange} periods={PAYG_PERIODS} applyLabel={t('portal.run')} busy={reconciling} />
        <AsOfForm
          key={`${rangeKey(ws.range)}|${asOf}|${locale}`}
          asOf={asOf}
          busy={reconciling}
          onApply={(day) => {
            if (day === asOf) void runReconcile();
            else ws.setAsOf(day);
          }}
        />
      </div>
      {reconciling && !r ? (
        <p className="spinner-text" role="status">
          {t('portal.running')}
        </p>
      ) : null}
      {r ? <PaygResult r={r} asOf={asOf} /> : null}
    </section>
  );
}

/** The day ages are counted to; it starts at the range's end. Keyed by the caller, so it resets with it. */
function AsOfForm({ asOf, busy, onApply }: { asOf: string; busy: boolean; onApply: (day: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(asOf);
  return (
    <form
      className="toolbar"
      aria-label={t('payg.asOfLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        if (draft) onApply(draft);
      }}
    >
      <DateField id="as-of" label={t('payg.asOf')} value={asOf} onChange={setDraft} testId="as-of" />
      <button type="submit" className="btn" disabled={!draft || busy} data-testid="as-of-apply">
        {t('payg.asOfApply')}
      </button>
      <span className="field-hint">{t('payg.asOfHint')}</span>
    </form>
  );
}

function PaygResult({ r, asOf }: { r: PaygSummary; asOf: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const currencies = r.totals.map((x) => x.currency);
  const [currency, setCurrency] = useState(currencies[0] ?? '');
  const cur = currencies.includes(currency) ? currency : (currencies[0] ?? '');
  const total = r.totals.find((x) => x.currency === cur);
  const money = (v: string) => formatAmount(v, cur, locale);

  return (
    <>
      {!r.complete ? <IncompleteNote /> : null}
      {currencies.length > 1 ? (
        <div className="toolbar">
          <div className="field">
            <span className="label" id="currency-label">
              {t('payg.currency')}
            </span>
            <div className="segmented" role="group" aria-labelledby="currency-label" data-testid="currency-tabs">
              {currencies.map((c) => (
                <button key={c} type="button" aria-pressed={c === cur} onClick={() => setCurrency(c)}>
                  {c}
                </button>
              ))}
            </div>
          </div>
        </div>
      ) : null}
      {total ? (
        <dl className="summary-cards" data-testid="payg-summary">
          <div className="summary-card">
            <dt>{t('payg.billed')}</dt>
            <dd data-testid="payg-billed">{money(total.billed)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.collected')}</dt>
            <dd>
              {money(total.collected)} <span className="sub">{formatPercent(total.collectionRate, locale)}</span>
            </dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.outstanding')}</dt>
            <dd>{money(total.outstanding)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.failed')}</dt>
            <dd>{money(total.failed)}</dd>
          </div>
          <div className="summary-card">
            <dt>{t('payg.draft')}</dt>
            <dd>{money(total.draft)}</dd>
          </div>
        </dl>
      ) : (
        <div className="card empty">{t('payg.noData')}</div>
      )}
      {total ? (
        <div className="grid-2">
          <div className="card">
            <BilledVsCollected r={r} currency={cur} />
          </div>
          <div className="card">
            <AgeingChart r={r} currency={cur} asOf={asOf} />
          </div>
        </div>
      ) : null}
      <ExceptionsPanel r={r} currency={cur} />
      <OpenItemsPanel view={r.view} filter={cur ? { currency: cur } : {}} idPrefix="payg" />
      <RestatementsPanel restatements={r.restatements} currency={null} idPrefix="payg" />
      <RemovalsPanel removals={r.removals} idPrefix="payg" />
      {r.quarantined.length > 0 ? (
        <section className="card section" aria-labelledby="payg-quarantined-title">
          <h2 id="payg-quarantined-title" className="card-title">
            {t('payg.quarantined', { count: r.quarantined.length })}
          </h2>
          <ul>
            {r.quarantined.map((q, i) => (
              <li key={`${q.recordKey ?? ''}|${i}`}>
                {t('payg.quarantinedRecord', { ref: q.recordKey ?? '—' })}: {q.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
