import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_CLASSES, REVIEW_STATES, type PortalRow, type PortalSummary, type ReviewState, type RowsSort } from '../../api/types.ts';
import { ClassBadge } from '../../components/badges.tsx';
import { IncompleteNote } from '../../components/incomplete-note.tsx';
import { useListSelection, type DataGridHandle } from '../../components/data-grid/index.ts';
import { ReviewForm } from '../../components/review-form.tsx';
import { formatAmount, formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { portalColumns } from './portal-columns.tsx';
import { PortalGrid } from './portal-grid.tsx';
import { PortalPanels } from './portal-panels.tsx';
import { ProviderDrillDown } from './provider-drill-down.tsx';

const OUT_OF_TOLERANCE: PortalRow['status'][] = ['PROVIDER_HIGHER', 'PROVIDER_LOWER'];

/** A portal reconciliation: its totals, the filtered and selectable rows, the panels, a provider's drill-down. */
export function PortalResult({ r, openItemsOnly = false }: { r: PortalSummary; openItemsOnly?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [sort, setSort] = useState<RowsSort | null>(null);
  const [text, setText] = useState('');
  // Sent here by a refused sign-off: the discrepancies still open, ready to review.
  const [classFilter, setClassFilter] = useState<PortalRow['status'][]>(openItemsOnly ? OUT_OF_TOLERANCE : []);
  const [reviewFilter, setReviewFilter] = useState<ReviewState[]>(openItemsOnly ? ['open'] : []);
  const [drill, setDrill] = useState<PortalRow | null>(null);
  // Paid and pending are secondary to the discrepancy: hidden until asked for, so the grid fits.
  const [showPayments, setShowPayments] = useState(false);
  const grid = useRef<DataGridHandle>(null);

  const columns = useMemo(() => portalColumns(t, locale, r.currency, r.period, showPayments), [t, locale, r.currency, r.period, showPayments]);
  const filter = useMemo(() => ({ text: text.trim(), classes: classFilter, review: reviewFilter }), [text, classFilter, reviewFilter]);
  // A new filter is a new list: what was selected in the old one is let go, never counted unseen.
  const [selected, setSelected] = useListSelection(JSON.stringify(filter));

  const counts = r.totals.classes;
  const money = (v: string, signed = false) => formatAmount(v, r.currency, locale, { signed });

  return (
    <>
      {!r.complete ? <IncompleteNote /> : null}
      <dl className="summary-cards" data-testid="summary-cards">
        <div className="summary-card">
          <dt>{t('portal.invoiced')}</dt>
          <dd data-testid="total-invoiced">{money(r.totals.invoiced)}</dd>
        </div>
        <div className="summary-card">
          <dt>{t('portal.providerReported')}</dt>
          <dd data-testid="total-provider">{money(r.totals.providerReported)}</dd>
        </div>
        <div className="summary-card">
          <dt>{t('portal.netDifference')}</dt>
          <dd data-testid="total-difference">{money(r.totals.difference, true)}</dd>
        </div>
        <div className="summary-card">
          <dt>{t('portal.rowsByClass')}</dt>
          <dd className="sub">
            <span data-testid="out-of-tolerance">
              {t('portal.outOfTolerance', { count: r.totals.outOfTolerance, n: formatCount(r.totals.outOfTolerance, locale) })}
            </span>
            <span className="class-counts">
              {PORTAL_CLASSES.map((c) => (
                <span key={c} data-testid={`count-${c}`}>
                  <ClassBadge value={c} /> {formatCount(counts[c], locale)}
                </span>
              ))}
            </span>
          </dd>
        </div>
      </dl>

      <div className="toolbar" role="search" aria-label={t('portal.filters')}>
        <div className="field">
          <label htmlFor="filter-provider">{t('portal.searchProvider')}</label>
          <input id="filter-provider" type="search" value={text} onChange={(e) => setText(e.target.value)} data-testid="filter-provider" />
        </div>
        <div className="field">
          <label htmlFor="filter-class">{t('portal.class')}</label>
          <select
            id="filter-class"
            value={classFilter.length > 1 ? '__out' : (classFilter[0] ?? '')}
            onChange={(e) => setClassFilter(e.target.value === '__out' ? OUT_OF_TOLERANCE : e.target.value ? [e.target.value as PortalRow['status']] : [])}
            data-testid="filter-class"
          >
            <option value="">{t('portal.allClasses')}</option>
            <option value="__out">{t('portal.onlyOut')}</option>
            {PORTAL_CLASSES.map((c) => (
              <option key={c} value={c}>
                {t(`class.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-review">{t('portal.review')}</label>
          <select id="filter-review" value={reviewFilter[0] ?? ''} onChange={(e) => setReviewFilter(e.target.value ? [e.target.value as ReviewState] : [])} data-testid="filter-review">
            <option value="">{t('portal.allStates')}</option>
            {REVIEW_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`review.state.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox-field">
          <input type="checkbox" checked={showPayments} onChange={(e) => setShowPayments(e.target.checked)} data-testid="show-payments" />
          <span>{t('portal.showPayments')}</span>
        </label>
      </div>

      {selected.size > 0 ? (
        <ReviewForm
          keys={[...selected]}
          compact
          idPrefix="bulk"
          onApplied={() => {
            setSelected(new Set());
            // The form goes away with the selection: focus returns to the row the user was on.
            grid.current?.focus();
          }}
        />
      ) : null}

      <PortalGrid r={r} columns={columns} sort={sort} onSortChange={setSort} filter={filter} selected={selected} onSelectedChange={setSelected} onActivate={setDrill} gridRef={grid} />
      <PortalPanels r={r} />
      {drill ? <ProviderDrillDown r={r} row={drill} onClose={() => setDrill(null)} /> : null}
    </>
  );
}
