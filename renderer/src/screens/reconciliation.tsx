import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PORTAL_CLASSES, REVIEW_STATES, type PortalRow, type PortalSummary, type ReviewState, type RowsSort, type ViewFilter } from '../api/types.ts';
import { ClassBadge } from '../components/badges.tsx';
import { DataGrid, type GridColumn } from '../components/data-grid.tsx';
import { ExportButton } from '../components/export-button.tsx';
import { RangeBar, rangeKey } from '../components/range-bar.tsx';
import { ReviewForm } from '../components/review-form.tsx';
import { formatDate } from '../format/dates.ts';
import { formatAmount, formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace, type Tolerance } from '../state/workspace.tsx';
import { PORTAL_ROWS, usePagedRows } from '../state/paged-rows.ts';
import { portalColumns } from './portal-columns.tsx';
import { ProviderDrillDown } from './provider-drill-down.tsx';
import { PortalPanels } from './portal-panels.tsx';

const OUT_OF_TOLERANCE: PortalRow['status'][] = ['PROVIDER_HIGHER', 'PROVIDER_LOWER'];

export function ReconciliationScreen() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const connection = ws.selected;
  const r = ws.reconciliation?.kind === 'portal' && ws.reconciliation.connection === connection?.name ? ws.reconciliation : null;
  const [tolerance, setTolerance] = useState<Tolerance | null>(null);
  const { runReconcile, reconciling } = ws;
  const needsRun = !r && !reconciling && connection !== null;

  useEffect(() => {
    if (needsRun) void runReconcile(tolerance ?? undefined);
    // Run once per selection/range; tolerance changes re-run explicitly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection?.name, ws.range]);

  if (!connection) return null;
  return (
    <section aria-labelledby="recon-title">
      <div className="page-header">
        <div>
          <h1 id="recon-title" className="page-title">
            {t('portal.title')}
          </h1>
          <p className="page-subtitle">{t('portal.subtitle', { name: connection.name, currency: connection.currency ?? '' })}</p>
        </div>
        <div className="page-actions">
          <ExportButton tolerance={tolerance} />
        </div>
      </div>
      <div className="card">
        <RangeBar key={rangeKey(ws.range)} range={ws.range} onApply={ws.setRange} applyLabel={t('portal.run')} busy={reconciling} />
        <ToleranceControls
          key={`${connection.name}|${r?.tolerance.abs ?? ''}|${r?.tolerance.pct ?? ''}`}
          initial={tolerance ?? { abs: r?.tolerance.abs ?? connection.toleranceAbs, pct: r?.tolerance.pct ?? connection.tolerancePct }}
          currency={connection.currency ?? ''}
          onApply={(tol) => {
            setTolerance(tol);
            void runReconcile(tol);
          }}
          busy={reconciling}
        />
      </div>
      {reconciling && !r ? (
        <p className="spinner-text" role="status">
          {t('portal.running')}
        </p>
      ) : null}
      {r ? <PortalResult r={r} /> : null}
    </section>
  );
}

function ToleranceControls({ initial, currency, onApply, busy }: { initial: Tolerance; currency: string; onApply: (t: Tolerance) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [abs, setAbs] = useState(initial.abs);
  const [pct, setPct] = useState(initial.pct);
  const valid = /^\d{1,15}(\.\d{1,6})?$/.test(abs.trim()) && /^\d{1,15}(\.\d{1,6})?$/.test(pct.trim());
  return (
    <form
      className="toolbar"
      aria-label={t('tolerance.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onApply({ abs: abs.trim(), pct: pct.trim() });
      }}
    >
      <div className="field">
        <label htmlFor="tol-abs">{t('tolerance.absIn', { currency })}</label>
        <input
          id="tol-abs"
          type="text"
          inputMode="decimal"
          value={abs}
          onChange={(e) => setAbs(e.target.value)}
          size={10}
          aria-invalid={!valid}
          data-testid="tolerance-abs"
        />
      </div>
      <div className="field">
        <label htmlFor="tol-pct">{t('tolerance.pct')}</label>
        <input
          id="tol-pct"
          type="text"
          inputMode="decimal"
          value={pct}
          onChange={(e) => setPct(e.target.value)}
          size={6}
          aria-invalid={!valid}
          data-testid="tolerance-pct"
        />
      </div>
      <button type="submit" className="btn" disabled={!valid || busy} data-testid="tolerance-apply">
        {t('tolerance.apply')}
      </button>
      <span className="field-hint">{valid ? t('tolerance.hint') : t('tolerance.invalid')}</span>
    </form>
  );
}

function PortalResult({ r }: { r: PortalSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [sort, setSort] = useState<RowsSort | null>(null);
  const [text, setText] = useState('');
  const [classFilter, setClassFilter] = useState<PortalRow['status'][]>([]);
  const [reviewFilter, setReviewFilter] = useState<ReviewState[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [drill, setDrill] = useState<PortalRow | null>(null);
  // Paid and pending are secondary to the discrepancy: hidden until asked for, so the grid fits.
  const [showPayments, setShowPayments] = useState(false);

  const columns = useMemo(() => portalColumns(t, locale, r.currency, r.period, showPayments), [t, locale, r.currency, r.period, showPayments]);
  const filter = useMemo(() => ({ text: text.trim(), classes: classFilter, review: reviewFilter }), [text, classFilter, reviewFilter]);

  const counts = r.totals.classes;
  const selectedKeys = [...selected];
  const money = (v: string, signed = false) => formatAmount(v, r.currency, locale, { signed });

  return (
    <>
      {!r.complete ? (
        <div className="alert alert-warn inline-alert" role="note" data-testid="incomplete-range">
          <div className="alert-body">
            <p className="alert-title">{t('portal.incompleteTitle')}</p>
            <p>{t('portal.incompleteBody')}</p>
          </div>
        </div>
      ) : null}
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
            onChange={(e) =>
              setClassFilter(e.target.value === '__out' ? OUT_OF_TOLERANCE : e.target.value ? [e.target.value as PortalRow['status']] : [])
            }
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
          <select
            id="filter-review"
            value={reviewFilter[0] ?? ''}
            onChange={(e) => setReviewFilter(e.target.value ? [e.target.value as ReviewState] : [])}
            data-testid="filter-review"
          >
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

      {selectedKeys.length > 0 ? <ReviewForm keys={selectedKeys} compact idPrefix="bulk" onApplied={() => setSelected(new Set())} /> : null}

      <PortalGrid
        r={r}
        columns={columns}
        sort={sort}
        onSortChange={setSort}
        filter={filter}
        selected={selected}
        onSelectedChange={setSelected}
        onActivate={setDrill}
      />
      <PortalPanels r={r} />
      {drill ? <ProviderDrillDown r={r} row={drill} onClose={() => setDrill(null)} /> : null}
    </>
  );
}

interface PortalGridProps {
  r: PortalSummary;
  columns: GridColumn<PortalRow>[];
  sort: RowsSort | null;
  onSortChange: (sort: RowsSort | null) => void;
  filter: ViewFilter;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onActivate: (row: PortalRow) => void;
}

/**
 * The rows grid on its own, so a page arriving re-renders the grid and not the cards, filters and
 * panels around it. Sorting and filtering happen in the back end, over all the rows.
 */
const PortalGrid = memo(function PortalGrid({ r, columns, sort, onSortChange, filter, selected, onSelectedChange, onActivate }: PortalGridProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const rows = usePagedRows(PORTAL_ROWS, { viewId: r.view.id, sort, filter }, viewVersion);
  const selection = useMemo(() => ({ selected, onChange: onSelectedChange }), [selected, onSelectedChange]);
  return (
    <DataGrid
      columns={columns}
      rows={rows}
      sort={sort}
      onSortChange={(next) => onSortChange(PORTAL_ROWS.sortOf(next))}
      rowKey={rowKeyOf}
      label={t('portal.gridLabel', { from: formatDate(r.from, locale), to: formatDate(r.to, locale) })}
      selection={selection}
      onActivate={onActivate}
      testId="portal-grid"
      emptyText={r.view.rowCount === 0 ? t('portal.noRows') : t('portal.noMatch')}
    />
  );
});

const rowKeyOf = (row: PortalRow): string => row.key;
