import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useCall } from '../api/api-context.tsx';
import type { ChannelOutput } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { formatDate } from '../format/dates.ts';
import { useLocale } from '../i18n/use-locale.ts';

type Opened<C extends 'countersign:openWorkbook' | 'countersign:openFile'> = Extract<ChannelOutput<C>, { status: 'opened' }>;

/** A key fingerprint in groups of four, as people read it aloud. */
function grouped(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;
}

/**
 * File → Review a workbook… and File → Import a countersignature…: the two sides of a sign-off
 * with nothing but files. Opened from the native menu; each dialog asks for its file first.
 */
export function CountersignDialogs() {
  const api = useApi();
  const [open, setOpen] = useState<'review' | 'import' | null>(null);
  useEffect(
    () =>
      api.on('menu:onDidInvoke', ({ command }) => {
        if (command === 'review-workbook') setOpen('review');
        if (command === 'import-countersignature') setOpen('import');
      }),
    [api],
  );
  // Stable, so a dialog asks for its file once, not again whenever the window re-renders.
  const close = useCallback(() => setOpen(null), []);
  if (open === 'review') return <ReviewWorkbookDialog onClose={close} />;
  if (open === 'import') return <ImportCountersignatureDialog onClose={close} />;
  return null;
}

/** Ask main for the dialog's file once (its open dialog); a cancelled or failed one closes the dialog. */
function useOpenedFile<C extends 'countersign:openWorkbook' | 'countersign:openFile'>(channel: C, onClose: () => void): Opened<C> | null {
  const call = useCall();
  const [opened, setOpened] = useState<Opened<C> | null>(null);
  useEffect(() => {
    let live = true;
    // Both channels take no input; the generic call cannot see that for C.
    const open = call as (channel: C) => Promise<ChannelOutput<C> | null>;
    void open(channel).then((answer) => {
      if (!live) return;
      if (answer?.status === 'opened') setOpened(answer as Opened<C>);
      else onClose();
    });
    return () => {
      live = false;
    };
  }, [call, channel, onClose]);
  return opened;
}

/** Cancel (Close once done) and the dialog's one action, until it is done. */
function Actions({ done, onClose, action }: { done: boolean; onClose: () => void; action: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="header-spacer" />
      <button type="button" className="btn" onClick={onClose}>
        {done ? t('common.close') : t('common.cancel')}
      </button>
      {done ? null : action}
    </>
  );
}

function RangeLine({ connection, from, to }: { connection: string; from: string; to: string }) {
  const locale = useLocale();
  return (
    <>
      {connection}, {formatDate(from, locale)} – {formatDate(to, locale)}
    </>
  );
}

function ReviewWorkbookDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const opened = useOpenedFile('countersign:openWorkbook', onClose);
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const sign = async () => {
    if (!opened) return;
    setBusy(true);
    const answer = await call('countersign:sign', { reviewId: opened.reviewId });
    setBusy(false);
    if (answer) setWritten(answer.path);
  };

  const canSign = opened !== null && opened.refusal === null && written === null;
  return (
    <Dialog
      open
      wide
      title={t('countersign.reviewTitle')}
      onClose={onClose}
      testId="review-workbook-dialog"
      footer={
        <Actions
          done={written !== null}
          onClose={onClose}
          action={
            <button type="button" className="btn btn-primary" disabled={!canSign || busy} onClick={() => void sign()} data-testid="countersign-button">
              {t('countersign.sign')}
            </button>
          }
        />
      }
    >
      {opened === null ? (
        <p className="spinner-text">{t('countersign.checking')}</p>
      ) : (
        <div className="stack">
          <p className="muted">{opened.file}</p>
          <div className={`alert ${opened.verified ? 'alert-ok' : 'alert-warn'} inline-alert`} role="status" data-testid="workbook-verdict">
            <div className="alert-body">
              <p>{opened.verdict}</p>
            </div>
          </div>
          {opened.preparer ? (
            <dl className="facts" data-testid="preparer-signed">
              <dt>{t('countersign.range')}</dt>
              <dd>
                <RangeLine connection={opened.connection} from={opened.from} to={opened.to} />
              </dd>
              <dt>{t('countersign.preparer')}</dt>
              <dd>
                {opened.preparer.displayName} ({opened.preparer.account}), {opened.preparer.signedAt}
              </dd>
              <dt>{t('countersign.fingerprint')}</dt>
              <dd className="mono">{grouped(opened.preparer.fingerprint)}</dd>
              {opened.statementHash ? (
                <>
                  <dt>{t('countersign.statement')}</dt>
                  <dd className="mono">{opened.statementHash}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
          <h3>{t('countersign.notesTitle', { count: opened.notes.length })}</h3>
          {opened.notes.length === 0 ? (
            <p className="muted">{t('countersign.noNotes')}</p>
          ) : (
            <table className="plain" data-testid="reviewer-notes">
              <thead>
                <tr>
                  <th scope="col">{t('countersign.where')}</th>
                  <th scope="col">{t('review.stateLabel')}</th>
                  <th scope="col">{t('review.reasonLabel')}</th>
                  <th scope="col">{t('review.noteLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {opened.notes.slice(0, 200).map((n) => (
                  <tr key={`${n.sheet}-${n.row}`}>
                    <td>
                      {n.sheet} {n.row}
                    </td>
                    <td>{t(`review.state.${n.state}`, { defaultValue: n.state })}</td>
                    <td>{n.reason ? t(`review.reason.${n.reason}`, { defaultValue: n.reason }) : ''}</td>
                    <td>{n.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted">{t('countersign.notesTravel')}</p>
          {opened.refusal ? (
            <div className="alert inline-alert" role="alert" data-testid="countersign-refusal">
              <div className="alert-body">
                <p>{opened.refusal.message}</p>
              </div>
            </div>
          ) : null}
          {written ? (
            <div className="alert alert-ok inline-alert" role="status" data-testid="countersign-written">
              <div className="alert-body">
                <p className="alert-title">{t('countersign.writtenTitle')}</p>
                <p className="mono">{written}</p>
                <p>{t('countersign.sendBack', { name: opened.preparer?.displayName ?? '' })}</p>
              </div>
            </div>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}

function ImportCountersignatureDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const opened = useOpenedFile('countersign:openFile', onClose);
  const [confirmed, setConfirmed] = useState(false);
  const [imported, setImported] = useState(false);
  const [busy, setBusy] = useState(false);

  const importIt = async () => {
    if (!opened) return;
    setBusy(true);
    const answer = await call('countersign:import', { importId: opened.importId, ...(opened.unknownKey ? { trustKey: opened.reviewer.fingerprint } : {}) });
    setBusy(false);
    if (answer) setImported(true);
  };

  const canImport = opened !== null && opened.refusal === null && (!opened.unknownKey || confirmed) && !imported;
  return (
    <Dialog
      open
      title={t('countersign.importTitle')}
      onClose={onClose}
      testId="import-countersignature-dialog"
      footer={
        <Actions
          done={imported}
          onClose={onClose}
          action={
            <button type="button" className="btn btn-primary" disabled={!canImport || busy} onClick={() => void importIt()} data-testid="import-countersignature">
              {t('countersign.import')}
            </button>
          }
        />
      }
    >
      {opened === null ? (
        <p className="spinner-text">{t('countersign.checking')}</p>
      ) : (
        <div className="stack">
          <p className="muted">{opened.file}</p>
          <dl className="facts" data-testid="countersignature-facts">
            <dt>{t('countersign.range')}</dt>
            <dd>
              <RangeLine connection={opened.connection} from={opened.from} to={opened.to} />
            </dd>
            <dt>{t('countersign.reviewer')}</dt>
            <dd>
              {opened.reviewer.displayName} ({opened.reviewer.account}), {opened.signedAt}
            </dd>
            <dt>{t('countersign.fingerprint')}</dt>
            <dd className="mono" data-testid="reviewer-fingerprint">
              {grouped(opened.reviewer.fingerprint)}
            </dd>
          </dl>
          {opened.refusal ? (
            <div className="alert inline-alert" role="alert" data-testid="import-refusal">
              <div className="alert-body">
                <p>{opened.refusal.message}</p>
              </div>
            </div>
          ) : null}
          {opened.refusal === null && opened.unknownKey && !imported ? (
            <>
              <div className="alert alert-warn inline-alert" role="note">
                <div className="alert-body">
                  <p className="alert-title">{t('countersign.unknownKeyTitle')}</p>
                  <p>{t('countersign.unknownKeyBody', { name: opened.reviewer.displayName })}</p>
                </div>
              </div>
              <label className="checkbox-field">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="trust-key" />
                <span>{t('countersign.trustKey', { name: opened.reviewer.displayName })}</span>
              </label>
            </>
          ) : null}
          {imported ? (
            <div className="alert alert-ok inline-alert" role="status" data-testid="countersignature-imported">
              <div className="alert-body">
                <p>{t('countersign.imported', { name: opened.reviewer.displayName })}</p>
              </div>
            </div>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
