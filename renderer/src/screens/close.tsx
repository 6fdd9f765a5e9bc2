import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/api-context.tsx';
import type { ChannelOutput } from '../api/types.ts';
import { formatDate, formatMonth } from '../format/dates.ts';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { useWorkspace } from '../state/workspace.tsx';

type Overview = ChannelOutput<'close:overview'>;
type Cell = Overview['cells'][number];

/** The months of the workspace's range, YYYY-MM (the overview shows what the accountant is working on). */
function monthsOf(from: string, to: string): { from: string; to: string } {
  return { from: from.slice(0, 7), to: to.slice(0, 7) };
}

/**
 * The month-end close: every connection against every month of the range, each cell saying where
 * it stands in words; a cell opens that connection's month on the reconciliation screen.
 */
export function CloseScreen({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const call = useCall();
  const ws = useWorkspace();
  const [overview, setOverview] = useState<Overview | null>(null);
  const { from, to } = monthsOf(ws.range.from, ws.range.to);

  useEffect(() => {
    let live = true;
    void call('close:overview', { from, to }).then((value) => {
      if (live && value) setOverview(value);
    });
    return () => {
      live = false;
    };
  }, [call, from, to]);

  const open = (cell: Cell): void => {
    const kind = overview?.connections.find((c) => c.name === cell.connection)?.kind;
    ws.select(cell.connection);
    ws.setRange({ from: cell.from, to: cell.to, period: kind === 'payg' ? 'week' : 'month' });
    onOpen();
  };

  const label = (cell: Cell): string => {
    switch (cell.state) {
      case 'open':
        return cell.openItems === 0 ? t('close.ready') : t('close.open', { count: cell.openItems ?? 0, n: formatCount(cell.openItems ?? 0, locale) });
      case 'not_synced':
        return t('close.notSynced');
      case 'incomplete':
        return t('close.incomplete');
      case 'prepared':
        return t('close.prepared');
      case 'reviewed':
        return t('close.reviewed');
      case 'voided':
        return t('close.voided');
    }
  };

  const detail = (cell: Cell): string => {
    const parts: string[] = [];
    if (cell.preparer) parts.push(t('close.preparedBy', { name: cell.preparer.author }));
    if (cell.reviewer) parts.push(t('close.reviewedBy', { name: cell.reviewer.author }));
    if (cell.assignee) parts.push(t('close.assignee', { name: cell.assignee }));
    if (cell.dueDate) parts.push(t(cell.overdue ? 'close.overdue' : 'close.due', { date: formatDate(cell.dueDate, locale) }));
    return parts.join(' · ');
  };

  return (
    <section className="screen close-screen" aria-labelledby="close-title">
      <h1 id="close-title">{t('close.title')}</h1>
      <p className="screen-intro">{t('close.intro', { from: formatMonth(`${from}-01`, locale), to: formatMonth(`${to}-01`, locale) })}</p>
      {overview === null ? (
        <p className="spinner-text">{t('common.loading')}</p>
      ) : overview.connections.length === 0 ? (
        <p>{t('close.empty')}</p>
      ) : (
        <div className="close-table-wrap">
          <table className="close-table" data-testid="close-table">
            <caption className="sr-only">{t('close.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('close.connection')}</th>
                {overview.months.map((m) => (
                  <th scope="col" key={m}>
                    {formatMonth(`${m}-01`, locale)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {overview.connections.map((c) => (
                <tr key={c.name}>
                  <th scope="row">
                    {c.name}
                    <span className="close-kind">{t(`kind.${c.kind}`)}</span>
                  </th>
                  {overview.months.map((m) => {
                    const cell = overview.cells.find((x) => x.connection === c.name && x.month === m);
                    if (!cell) return <td key={m} />;
                    const more = detail(cell);
                    return (
                      <td key={m} className={`close-cell close-${cell.state.replace('_', '-')}${cell.overdue ? ' close-overdue' : ''}`}>
                        <button
                          type="button"
                          className="close-link"
                          onClick={() => open(cell)}
                          data-testid={`close-cell-${c.name}-${m}`}
                          // The name holds the visible words whole (state and detail), so speech input can say them.
                          aria-label={t('close.openMonth', { connection: c.name, month: formatMonth(`${m}-01`, locale), state: more ? `${label(cell)} ${more}` : label(cell) })}
                          title={cell.voidReason ?? undefined}
                        >
                          <span className="close-state">{label(cell)}</span>
                          {more ? (
                            <>
                              {' '}
                              <span className="close-detail">{more}</span>
                            </>
                          ) : null}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
