import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCall } from '../api/api-context.tsx';
import type { ChannelOutput, EventPayload } from '../api/types.ts';
import { formatCount } from '../format/money.ts';
import { useLocale } from '../i18n/use-locale.ts';
import { agedTo, useWorkspace, type Tolerance } from '../state/workspace.tsx';
import { Dialog } from './dialog.tsx';
import { ProgressBar } from './progress-bar.tsx';

type Written = Extract<ChannelOutput<'export:run'>, { status: 'written' }>;

/** Export the current range: main opens the save dialog and writes; then we offer to show the file. */
export function ExportButton({ tolerance }: { tolerance?: Tolerance | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const call = useCall();
  const ws = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<EventPayload<'export:onDidProgress'> | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const connection = ws.selected;

  useEffect(() => api.on('export:onDidProgress', (e) => setProgress(e)), [api]);

  if (!connection) return null;
  const run = async () => {
    setBusy(true);
    setProgress(null);
    try {
      const period = connection.kind === 'payg' && ws.range.period === 'range' ? 'week' : ws.range.period;
      const asOf = agedTo(connection, ws.range, ws.asOf);
      const result = await call('export:run', {
        connection: connection.name,
        from: ws.range.from,
        to: ws.range.to,
        period,
        format: 'xlsx',
        ...(tolerance && connection.kind === 'portal' ? { toleranceAbs: tolerance.abs, tolerancePct: tolerance.pct } : {}),
        ...(asOf ? { asOf } : {}),
      });
      if (result?.status === 'written') setWritten(result);
    } finally {
      setBusy(false);
    }
  };

  const show = async () => {
    if (written) await call('export:showInFolder', { path: written.path });
  };

  const running = busy && progress?.state === 'running' && progress.connection === connection.name;
  return (
    <>
      {/* aria-disabled, not disabled: a disabled button drops focus, and the dialog then has nowhere to return it. */}
      <button type="button" className="btn" onClick={() => (busy ? undefined : void run())} aria-disabled={busy} data-testid="export">
        {busy ? t('export.running') : t('export.button')}
      </button>
      {running ? (
        <span className="row">
          <ProgressBar label={t('export.progress')} value={progress.rowsWritten} max={progress.rowsTotal} />
        </span>
      ) : null}
      <Dialog
        open={written !== null}
        title={t('export.doneTitle')}
        onClose={() => setWritten(null)}
        testId="export-done"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setWritten(null)}>
              {t('common.close')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void show()} data-autofocus data-testid="show-in-folder">
              {t('export.showInFolder')}
            </button>
          </>
        }
      >
        {written ? (
          <>
            <p>{t('export.doneBody', { rows: formatCount(written.rows, locale), sheets: written.sheets.join(', ') })}</p>
            <p className="mono" data-testid="export-path">
              {written.path}
            </p>
          </>
        ) : null}
      </Dialog>
    </>
  );
}
