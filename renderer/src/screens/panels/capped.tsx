import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableRegion } from '../../components/table-region.tsx';
import { formatCount } from '../../format/money.ts';
import { useLocale } from '../../i18n/use-locale.ts';

// Plain tables stay small; a longer list is in the exported workbook, and the message says so.
export const TABLE_CAP = 500;

interface Props {
  id: string;
  title: string;
  /** Everything there is (the table shows the first TABLE_CAP). */
  total: number;
  emptyText: string;
  testId: string;
  /** Shown above the table, outside its scroll region (a form acting on the listed items). */
  actions?: ReactNode;
  /** The table of the first TABLE_CAP items. */
  children: ReactNode;
}

/** A card with a title and count, and its table — or a sentence when there is nothing to list. */
export function TablePanel({ id, title, total, emptyText, testId, actions, children }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const titleId = `${id}-title`;
  return (
    <section className="card section" aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} className="card-title">
        {title} <span className="badge badge-neutral">{formatCount(total, locale)}</span>
      </h2>
      {total === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <>
          {total > TABLE_CAP ? (
            <p className="muted" role="note">
              {t('common.capped', { shown: formatCount(TABLE_CAP, locale), total: formatCount(total, locale) })}
            </p>
          ) : null}
          {actions}
          <TableRegion labelledBy={titleId}>{children}</TableRegion>
        </>
      )}
    </section>
  );
}
