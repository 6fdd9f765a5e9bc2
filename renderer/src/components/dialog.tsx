import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
}

/** Where focus goes back to: what opened the dialog, if it is still there to take it. */
function canTakeFocus(el: HTMLElement | null): el is HTMLElement {
  return el !== null && el.isConnected && !el.matches(':disabled') && el.closest('[inert]') === null;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal on the native <dialog>: showModal() makes the page behind it inert and gives Escape; the
 * Tab handler keeps focus cycling inside (the native one lets it escape to the browser chrome), and
 * focus returns to whatever opened it.
 */
export function Dialog({ open, title, onClose, children, footer, testId, wide }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    // A row of a virtual grid may be redrawn while the dialog is open: remember where it was.
    const cell = opener?.dataset.r !== undefined ? { grid: opener.closest('[role="grid"]'), r: opener.dataset.r, c: opener.dataset.c } : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(`.dialog-body ${FOCUSABLE}`);
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const again = cell?.grid?.querySelector<HTMLElement>(`[data-r="${cell.r ?? ''}"][data-c="${cell.c ?? ''}"]`) ?? null;
      // Back where the user was; never to the top of the page (20 Tabs away from where they were).
      const target = [opener, again].find(canTakeFocus) ?? document.getElementById('main');
      target?.focus({ preventScroll: true });
    };
  }, [open]);

  if (!open) return null;

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <span className="header-spacer" />
        <button type="button" className="btn btn-quiet btn-small" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-footer">{footer}</div> : null}
    </dialog>
  );
}
