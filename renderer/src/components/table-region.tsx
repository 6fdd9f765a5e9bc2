import type { ReactNode } from 'react';

/**
 * A table that may scroll, as a named group the keyboard can reach (Tab stops on it, arrows
 * scroll it): a scroll box nobody can focus hides its far rows and columns from keyboard users.
 * A group, not a region: the card around it is already the landmark of that name.
 */
export function TableRegion({ labelledBy, children, testId }: { labelledBy: string; children: ReactNode; testId?: string }) {
  return (
    <div className="table-wrap" role="group" aria-labelledby={labelledBy} tabIndex={0} data-testid={testId}>
      {children}
    </div>
  );
}
