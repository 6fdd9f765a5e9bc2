import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18n from '../i18n/index.ts';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the screen's name) clears a caught error. */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

/** A screen that throws shows what happened and a way out, never a blank window. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(prev: Props): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const t = i18n.t.bind(i18n);
    return (
      <div className="card error-screen" role="alert" data-testid="error-boundary">
        <h2 className="card-title">{t('errors.screenTitle')}</h2>
        <p>{t('errors.screenBody')}</p>
        <p className="mono muted">{error.message}</p>
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: null })}>
            {t('errors.tryAgain')}
          </button>
          <button type="button" className="btn" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </button>
        </div>
      </div>
    );
  }
}
