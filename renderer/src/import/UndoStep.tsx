import { useEffect, useState } from 'react';
import type { RevertRowView, RevertView } from '../../../main/bridge/contract.ts';
import { bridge, call } from '../bridge.ts';
import { afterAnswer, newer } from '../progress-order.ts';
import { Notice } from '../components/Notice.tsx';
import { AccountReadingNotice, useAccountReading } from '../components/account-reading.tsx';
import { DownloadButtons } from '../components/DownloadButtons.tsx';
import { finishSave } from '../components/save-file.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useAction } from '../components/use-action.ts';
import { countWords } from '../components/count-words.ts';

/** The files `revert --results` writes (core writeRevertResults). */
const REVERT_FORMATS = ['csv', 'json'] as const;

/**
 * "Undo this import" (issue 18): what would be put back, request by request (now → before), what
 * changed in Trackops since (not touched), and what the import created (to close by hand: the API
 * cannot delete); then the send with its progress, then what was put back. What the last check or send
 * found can be downloaded, as the CLI's `revert --results` writes it.
 */
export function UndoStep({
  runId,
  profileName,
  onClose,
}: {
  runId: string;
  profileName: string;
  onClose: () => void;
}) {
  const [view, setView] = useState<RevertView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();

  useEffect(
    () =>
      bridge.onProgress((event) => {
        if (event.kind === 'revert' && event.view.runId === runId)
          setView((current) => (current ? newer(current, event.view) : event.view));
      }),
    [runId],
  );
  // What the check (or the start) reads of the account before it answers, with Trackops' silence.
  const reading = useAccountReading();
  const ask = async (verb: 'previewRevert' | 'startRevert') => {
    const readingId = reading.next();
    const next = await action.run(() => call(verb, { runId, readingId }));
    reading.end(readingId);
    if (next) setView((current) => afterAnswer('revert', current, next));
  };
  useEffect(() => {
    void ask('previewRevert');
    // Checked once when the screen opens; "Check again" asks anew.
  }, [runId]);

  const check = () => ask('previewRevert');
  const send = async () => {
    setSaved(null);
    await ask('startRevert');
  };
  const download = async (format: 'csv' | 'json') => {
    const file = await action.run(() => call('saveRevertResults', { runId, format }));
    if (file) setSaved(finishSave(file));
    return file !== undefined;
  };

  if (!view) {
    return (
      <section className="card" aria-labelledby="undo-title">
        <h2 id="undo-title">Undo this import</h2>
        <p aria-live="polite">Checking every request this import changed against Trackops now…</p>
        <AccountReadingNotice reading={reading.reading} />
        {action.error && <Notice kind="error">{action.error}</Notice>}
        <div className="row">
          <button className="btn" onClick={onClose}>
            Back to results
          </button>
        </div>
      </section>
    );
  }

  const s = view.summary;
  const preview = view.state === 'preview';
  const running = view.state === 'running';
  return (
    <section className="card" aria-labelledby="undo-title">
      <div className="card-head">
        <h2 id="undo-title">
          {preview ? 'Undo this import' : running ? 'Putting the values back…' : 'Undo: results'}
        </h2>
        <span className="muted">{profileName}</span>
      </div>
      {preview &&
        (view.check ? (
          <p>
            Trackops is checked now, request by request, against what this import changed. Nothing has been
            sent yet. <span className="muted small">({view.check}.)</span>
          </p>
        ) : (
          // Nothing was checked: no request of the import kept a value to put back (main says so by no words).
          <p>
            Nothing this import wrote can be checked against Trackops: each row below says why it cannot be
            put back. Nothing has been sent yet.
          </p>
        ))}
      {running && (
        <>
          <ProgressBar value={view.done} max={view.total} label="Undo progress" />
          <p aria-live="polite">
            {view.done.toLocaleString()} of {countWords(view.total, 'request')} done
          </p>
          {/* An earlier put-back of this undo may still land: nothing moves until its window ends. */}
          {view.waiting !== null && <Notice kind="info">{view.waiting.message}.</Notice>}
        </>
      )}
      <div className="stats">
        <div className="stat ok">
          <span className="n">{(preview ? s.toRevert : s.reverted).toLocaleString()}</span>
          <span className="l">{preview ? 'would be put back' : 'put back'}</span>
        </div>
        <div className="stat">
          <span className="n">{s.unchanged.toLocaleString()}</span>
          <span className="l">already as before</span>
        </div>
        <div className="stat bad">
          <span className="n">{s.conflict.toLocaleString()}</span>
          <span className="l">changed since (not touched)</span>
        </div>
        <div className="stat">
          <span className="n">{s.created.toLocaleString()}</span>
          <span className="l">created: close by hand</span>
        </div>
        {s.failed + s.gone + s.notRevertible > 0 && (
          <div className="stat bad">
            <span className="n">{(s.failed + s.gone + s.notRevertible).toLocaleString()}</span>
            <span className="l">cannot be put back</span>
          </div>
        )}
        {/* Left by a stop: "Finish the undo" sends them, so not "cannot be put back". */}
        {s.notSent > 0 && (
          <div className="stat bad">
            <span className="n">{s.notSent.toLocaleString()}</span>
            <span className="l">not put back yet</span>
          </div>
        )}
      </div>
      {view.error && <Notice kind="error">{view.error.message}</Notice>}
      {view.state === 'failed' && (
        // Which rows the stop left, in a line: the rows below say each one's fate and why.
        <Notice kind="warn">{stoppedUndoWords(s, view.rows)}</Notice>
      )}
      {s.conflict > 0 && (
        <Notice kind="warn">
          {s.conflict === 1
            ? '1 request was changed in Trackops after this import. It is left as it is'
            : `${s.conflict.toLocaleString()} requests were changed in Trackops after this import. They are left as they are`}
          , so that change is not lost: below are the value this import set, the value Trackops holds now and
          the value from before the import; put back by hand what should be.
        </Notice>
      )}
      {s.created > 0 && (
        <Notice kind="info">
          Trackops offers no way to delete a request through its API: close or delete the{' '}
          {countWords(s.created, 'request')} this import created in Trackops itself.
          {s.createdChanged > 0 &&
            ` ${s.createdChanged === 1 ? '1 of them was' : `${s.createdChanged.toLocaleString()} of them were`} changed in Trackops after the import, by someone or by a later import (each row below says which). Do not delete ${s.createdChanged === 1 ? 'it' : 'them'} blindly; look at what was done first.`}
        </Notice>
      )}
      {view.state === 'done' && s.reverted > 0 && s.failed + s.notSent === 0 && (
        <Notice kind="ok">
          {s.reverted === 1
            ? '1 case request holds its values from before the import again.'
            : `${countWords(s.reverted, 'case request')} hold their values from before the import again.`}
        </Notice>
      )}
      {view.searchNotes?.map((note) => (
        // What the check and the searches met in Trackops (a filter it ignored…): said once each.
        <Notice key={note} kind="info">
          {note}.
        </Notice>
      ))}
      {view.rows.length > 0 && <UndoRows rows={view.rows} />}
      {/* "Check again" and "Put back" read every request again before they answer. */}
      <AccountReadingNotice reading={reading.reading} />
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {saved && <Notice kind="ok">{saved}</Notice>}
      <div className="row">
        <button className="btn" onClick={onClose} disabled={running}>
          Back to results
        </button>
        {(preview || view.state === 'done') && (
          <>
            <DownloadButtons
              label={preview ? 'Download what would be put back:' : 'Download the results:'}
              formats={REVERT_FORMATS}
              onDownload={download}
              disabled={action.busy}
            />
          </>
        )}
        <span className="spacer" />
        {preview && (
          <button className="btn" onClick={() => void check()} disabled={action.busy}>
            Check again
          </button>
        )}
        {preview && s.toRevert > 0 && (
          <button className="btn primary" onClick={() => void send()} disabled={action.busy}>
            Put back {countWords(s.toRevert, 'request')}
          </button>
        )}
        {(view.state === 'failed' || (view.state === 'done' && s.failed + s.notSent > 0)) && (
          <button className="btn primary" onClick={() => void send()} disabled={action.busy}>
            Finish the undo
          </button>
        )}
      </div>
    </section>
  );
}

const WHAT: Record<RevertRowView['status'], string> = {
  to_revert: 'Would put back',
  reverted: 'Put back',
  conflict: 'Changed since: not touched',
  failed: 'Failed',
  gone: 'No longer in Trackops',
  not_revertible: 'Cannot be put back',
  not_sent: 'Not sent',
  created: 'Created: close or delete it in Trackops',
  created_changed: 'Created, then changed in Trackops since: look before deleting it',
  not_created:
    'Answered with a request that existed before: not known to be created by the import, do not delete it',
  unchanged: 'Already as before',
};

/**
 * A create of the import whose answer never came: not known to be created either, but not "answered
 * with a request that existed before", which the screen said of it (its words say what was found).
 */
const IN_DOUBT = 'In doubt: not known to be created by the import';

/** A stopped undo's put-back whose answer never said it was stored. */
const NOT_KNOWN = 'Not known to be put back';

/**
 * What a stopped undo did, in one line: put back, not known, failed, not sent (the rows say which and
 * why; the error above says what stopped it).
 */
function stoppedUndoWords(s: RevertView['summary'], rows: RevertRowView[]): string {
  const unknown = rows.filter((row) => row.status === 'not_sent' && row.inDoubt).length;
  const parts = [
    `${countWords(s.reverted, 'request')} put back`,
    ...(unknown ? [`${unknown.toLocaleString()} not known to be put back`] : []),
    ...(s.failed ? [`${s.failed.toLocaleString()} failed`] : []),
    ...(s.notSent - unknown ? [`${(s.notSent - unknown).toLocaleString()} not sent`] : []),
  ];
  return `The undo stopped before it ended: ${parts.join(', ')} (each row below says why). “Finish the undo” sends what is left.`;
}

/** Every request that matters, by row: the fields put back (now → before), or both values of a conflict. */
function UndoRows({ rows }: { rows: RevertRowView[] }) {
  return (
    <div className="table-wrap" style={{ maxHeight: 360, marginBottom: 12 }}>
      <table className="plain" aria-label="Requests of this import">
        <thead>
          <tr>
            <th className="rownum">Row</th>
            <th>Case request</th>
            <th>What happens</th>
            <th>Fields</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <td className="rownum">{row.row}</td>
              <td>{row.caseRequestNumber ?? (row.id !== null ? `ID ${row.id}` : '—')}</td>
              <td className="undo-what">
                {row.inDoubt ? (row.status === 'not_sent' ? NOT_KNOWN : IN_DOUBT) : WHAT[row.status]}
              </td>
              <td style={{ whiteSpace: 'normal' }}>
                {row.changes.length > 0 && (
                  <ul className="change-list" aria-label={`What row ${row.row} puts back`}>
                    {row.changes.map((change) => (
                      <li key={change.label}>
                        {change.label}: {change.old || '(empty)'} → {change.new || '(empty)'}
                      </li>
                    ))}
                  </ul>
                )}
                {row.conflicts.length > 0 && (
                  <ul className="change-list" aria-label={`Row ${row.row} changed since`}>
                    {row.conflicts.map((field) => (
                      <li key={field.label}>
                        {field.label}: this import set “{field.ours}”, Trackops now holds “{field.current}”
                      </li>
                    ))}
                  </ul>
                )}
                {row.byHand.length > 0 && (
                  <ul className="change-list" aria-label={`What row ${row.row} held before the import`}>
                    {row.byHand.map((field) => (
                      <li key={field.label}>
                        {field.label} before the import: “{field.before}” (now “{field.now}”)
                      </li>
                    ))}
                  </ul>
                )}
                {/* A row put back can still leave a field for a person (one the update cannot clear). */}
                {row.message && row.conflicts.length === 0 && (
                  <span className="muted small">{row.message}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
