import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExceptionsSort, PaygException, PaygSummary } from '../../api/types.ts';
import { DataGrid, useListSelection, type DataGridHandle } from '../../components/data-grid/index.ts';
import { ReviewForm } from '../../components/review-form.tsx';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';
import { EXCEPTIONS, usePagedRows } from '../../state/paged-rows.ts';
import { useWorkspace } from '../../state/workspace.tsx';
import { exceptionColumns } from './exception-columns.tsx';
import { ExceptionDialog } from './exception-dialog.tsx';

const EXCEPTION_KINDS = ['draft_unsent', 'failed', 'outstanding_overdue', 'stuck_in_status'] as const;
type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** The billing periods that need attention, in the chosen currency: filter, select and review, or open one. */
export function ExceptionsPanel({ r, currency }: { r: PaygSummary; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { viewVersion } = useWorkspace();
  const [sort, setSort] = useState<ExceptionsSort | null>(null);
  const [kind, setKind] = useState<ExceptionKind | ''>('');
  const [opened, setOpened] = useState<PaygException | null>(null);
  const grid = useRef<DataGridHandle>(null);
  const filter = useMemo(() => ({ kinds: kind ? [kind] : [], ...(currency ? { currency } : {}) }), [kind, currency]);
  // A billing period with two problems is two rows with one key: selecting either selects the period.
  const [selected, setSelected] = useListSelection(JSON.stringify(filter));
  const selection = useMemo(() => ({ selected, onChange: setSelected }), [selected, setSelected]);
  const columns = useMemo(() => exceptionColumns(t, locale), [t, locale]);
  const rows = usePagedRows(EXCEPTIONS, { viewId: r.view.id, sort, filter }, viewVersion);
  return (
    <section className="card section" aria-labelledby="exceptions-title" data-testid="exceptions-panel">
      <h2 id="exceptions-title" className="card-title">
        {t('payg.exceptionsIn', { currency })} <span className="badge badge-neutral">{formatCount(rows.total ?? 0, locale)}</span>
      </h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="exception-kind">{t('payg.kind')}</label>
          <select id="exception-kind" value={kind} onChange={(e) => setKind(e.target.value as ExceptionKind | '')} data-testid="exception-kind">
            <option value="">{t('payg.allKinds')}</option>
            {EXCEPTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`exception.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {selected.size > 0 ? (
        <ReviewForm
          keys={[...selected]}
          compact
          idPrefix="payg-bulk"
          onApplied={() => {
            setSelected(new Set());
            grid.current?.focus();
          }}
        />
      ) : null}
      <DataGrid
        ref={grid}
        columns={columns}
        rows={rows}
        sort={sort}
        onSortChange={(next) => setSort(EXCEPTIONS.sortOf(next))}
        rowKey={(row) => row.key}
        label={t('payg.exceptionsIn', { currency })}
        selection={selection}
        onActivate={setOpened}
        heightClass="grid-medium"
        rowHeight={48}
        testId="exceptions-grid"
        emptyText={t('payg.noExceptions')}
      />
      <p className="field-hint">{t('payg.inStatusNote')}</p>
      {opened ? <ExceptionDialog exception={opened} onClose={() => setOpened(null)} /> : null}
    </section>
  );
}
