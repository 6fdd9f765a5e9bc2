import type { ReactNode } from 'react';

interface Props {
  /** The heading's id: the screen's <section> is labelled by it. */
  id: string;
  title: string;
  subtitle: ReactNode;
  subtitleTestId?: string;
  /** Buttons on the right (export, add). */
  actions?: ReactNode;
}

/** A screen's title, what it is about, and its actions. */
export function PageHeader({ id, title, subtitle, subtitleTestId, actions }: Props) {
  return (
    <div className="page-header">
      <div>
        <h1 id={id} className="page-title">
          {title}
        </h1>
        <p className="page-subtitle" data-testid={subtitleTestId}>
          {subtitle}
        </p>
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
