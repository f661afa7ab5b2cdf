import { useEffect, useRef, useState } from 'react';
import type { AccountReadingView, DryRunSummary, ImportStatus } from '../../../main/bridge/contract.ts';
import { BridgeCallError, call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { AccountReadingNotice, useAccountReading } from '../components/account-reading.tsx';
import { ALL_FORMATS, DownloadButtons, type DownloadFormat } from '../components/DownloadButtons.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { finishSave } from '../components/save-file.ts';
import { useAction } from '../components/use-action.ts';
import { useFocusHeading } from '../components/use-focus-heading.ts';
import { RoundTripCounts, RoundTripHeading } from './RoundTripNote.tsx';
import { sendCounts } from './send-counts.ts';
import { UndoStep } from './UndoStep.tsx';

/** The start's first words, before main's first word of its reading has come. */
const READING_SOON = {
  readingId: '',
  what: '',
  answered: 0,
  waiting: null,
  state: 'reading',
} as const satisfies AccountReadingView;

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "1 row", "2 rows". */
function rowsWord(count: number): string {
  return count === 1 ? '1 row' : `${count.toLocaleString()} rows`;
}

const FINISHED = new Set<ImportStatus['state']>(['done', 'cancelled', 'failed']);

const WHAT_HAPPENED: Record<NonNullable<ImportStatus['written']>[number]['status'], string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged: Trackops already held these values, nothing sent',
};

/** A row an earlier send of this file wrote (explore 19: the table said "Created" for those too). */
const WRITTEN_EARLIER: Record<'created' | 'updated', string> = {
  created: 'Already there: created by an earlier send of this file, not sent again',
  updated: 'Already there: updated by an earlier send of this file, not sent again',
};

export function SendStep({
  summary,
  profileId,
  profileName,
  checkedName,
  status,
  onStatus,
  onStarting,
  onStarted,
  onBack,
  onStartOver,
}: {
  summary: DryRunSummary;
  /** The connection in use now: a send is asked for on it (main refuses one the dry run was not checked on). */
  profileId: string;
  profileName: string;
  /** The connection the dry run was checked against: the one a send of it writes to. */
  checkedName: string;
  status: ImportStatus | null;
  onStatus: (status: ImportStatus) => void;
  /** A send is being started (true) until its start has answered (false): the wizard keeps this screen. */
  onStarting: (starting: boolean) => void;
  /** A send started from this screen has been answered: it is this window's own, however fast it ended. */
  onStarted: () => void;
  onBack: () => void;
  onStartOver: () => void;
}) {
  const [trial, setTrial] = useState(false);
  // As typed: "2.5" or "" is kept as the clerk sees it (and refused below), never sent as a count.
  const [trialText, setTrialText] = useState('5');
  const trialRows = trialCount(trialText);
  // A trial of every valid row or more is the whole send: sent as one, and named by its true number.
  const trialLimit = trial && trialRows !== null && trialRows < summary.valid ? trialRows : null;
  const [force, setForce] = useState(false);
  // The rows a whole send writes, as the line above the button counts them: those that would change
  // nothing are not sent unless asked (explored: "1 is sent; 35 would change nothing", then "Send 36 rows").
  const wholeSend = summary.valid - (force ? 0 : (summary.changes?.unchanged ?? 0));
  const sendWords = trial && trialRows === null ? 'Send' : `Send ${rowsWord(trialLimit ?? wholeSend)}`;
  const [saved, setSaved] = useState<string | null>(null);
  /** Issue 18: the "Undo this import" screen, over the results. */
  const [undo, setUndo] = useState(false);
  /**
   * This file was sent with this mapping before and that send was undone: main refused to finish it
   * (journal_undone). The clerk is offered to send it as a new import instead, as the CLI's import with
   * another --journal does; before, the app named only the command line.
   */
  const [undoneBefore, setUndoneBefore] = useState(false);
  const action = useAction();
  // What the send's start reads of the account before it answers (the lists, the look for earlier
  // sends): said on whichever screen started it, with Trackops' silence if it goes quiet.
  const reading = useAccountReading();
  // Sending, the results and the undo screen each take the focus to their heading as they appear.
  const screen = useFocusHeading(
    status === null ? 'ready' : !FINISHED.has(status.state) ? 'sending' : undo ? 'undo' : 'results',
  );

  // A second click before React re-renders with the button disabled must not send again (issue 17;
  // main refuses it too): the ref holds from the first click until the start call has answered.
  const starting = useRef(false);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const resumeButton = useRef<HTMLButtonElement>(null);
  /**
   * Pause becomes Resume (and back) when main answers: the pressed button was removed with the focus on
   * it, which fell to the page (explore 58). The focus goes to the button that took its place, and the
   * change is said in a polite line, as the heading's "Paused" is not read out.
   */
  const [focusNext, setFocusNext] = useState<'pause' | 'resume' | null>(null);
  // Said in a polite line from the send's state as shown, not from a change an effect must catch: a
  // run's state reaches the page by answers and by progress events in either order, and a pause caught
  // that way was sometimes never said (a test saw the Paused heading without its line). "Sending again"
  // is said after the clerk's own Resume, while the send runs.
  const [resumed, setResumed] = useState(false);
  const controlSaid = !status
    ? ''
    : status.state === 'paused'
      ? `Paused after ${status.done.toLocaleString()} of ${status.total.toLocaleString()} ${status.total === 1 ? 'row' : 'rows'}; rows already sent stay sent.`
      : status.state === 'cancelling'
        ? 'Cancelling: waiting for Trackops to answer the request already sent.'
        : resumed && status.state === 'running'
          ? 'Sending again.'
          : '';
  useEffect(() => {
    if (!focusNext) return;
    const target = (focusNext === 'pause' ? pauseButton : resumeButton).current;
    const active = document.activeElement;
    const ours = active === pauseButton.current || active === resumeButton.current;
    // Not on screen yet (the answer's status not shown), or the clerk has gone elsewhere meanwhile.
    if (active && active !== document.body && !ours) return setFocusNext(null);
    if (!target || target.disabled) return;
    target.focus();
    setFocusNext(null);
  });
  // Sending again resumes the same journal: rows already written are never sent twice. `rows` says which
  // of the rows left this send takes: the failed ones only, or those not tried yet (main's startImport).
  const start = async ({
    all = false,
    rows,
    newImport = false,
  }: { all?: boolean; rows?: 'failed' | 'untried'; newImport?: boolean } = {}) => {
    if (starting.current) return;
    starting.current = true;
    onStarting(true);
    setSaved(null);
    const readingId = reading.next();
    try {
      const next = await action.run(() =>
        call('startImport', {
          runId: summary.runId,
          profileId,
          ...(trialLimit !== null && !all ? { limitRows: trialLimit } : {}),
          ...(force ? { force: true } : {}),
          ...(rows ? { rows } : {}),
          ...(newImport ? { newImport: true } : {}),
          readingId,
        }).catch((error: unknown) => {
          setUndoneBefore(error instanceof BridgeCallError && error.code === 'journal_undone');
          throw error;
        }),
      );
      if (next) {
        onStarted();
        onStatus(next);
      }
    } finally {
      reading.end(readingId);
      starting.current = false;
      onStarting(false);
    }
  };
  const control = async (verb: 'pauseImport' | 'resumeImport' | 'cancelImport') => {
    const next = await action.run(() => call(verb, { runId: summary.runId }));
    if (!next) return;
    onStatus(next);
    // The send may answer "running" and pause once its request in flight is answered: the focus waits
    // for the button that takes the pressed one's place.
    setResumed(verb === 'resumeImport');
    if (verb === 'pauseImport') setFocusNext('resume');
    else if (verb === 'resumeImport') setFocusNext('pause');
  };
  const download = async (format: DownloadFormat) => {
    const file = await action.run(() => call('saveResults', { runId: summary.runId, format }));
    if (file) setSaved(finishSave(file));
    return file !== undefined;
  };

  if (status === null) {
    const validWords = summary.valid === 1 ? '1 valid row' : `${summary.valid.toLocaleString()} valid rows`;
    const unchangedLeft = force ? 0 : (summary.changes?.unchanged ?? 0);
    return (
      <div ref={screen}>
        <section className="card" aria-labelledby="send-title">
          <h2 id="send-title">Send to Trackops</h2>
          {summary.roundTripFile && (
            <RoundTripHeading
              exportedAt={summary.roundTripFile.exportedAt}
              exportedFrom={summary.roundTripFile.exportedFrom}
            />
          )}
          <p>
            {/* Rows that would change nothing are not sent unless asked: the count says so (explored: "36
                valid rows will be sent", then "1 case request was written"). */}
            {unchangedLeft > 0 ? (
              <>
                {validWords}: {sentWords(summary.valid - unchangedLeft)} sent to{' '}
                <strong>{checkedName}</strong>; {unchangedLeft.toLocaleString()} would change nothing
                (Trackops already holds their values) and {unchangedLeft === 1 ? 'is' : 'are'} not sent.
              </>
            ) : (
              <>
                {validWords} will be sent to <strong>{checkedName}</strong>
                {force && summary.changes?.unchanged ? ', those that would change nothing too' : ''}.
              </>
            )}{' '}
            {summary.invalid > 0 &&
              // The results screen counts them; their errors are in the results file, not on the screen.
              `${rowsWord(summary.invalid)} with errors ${summary.invalid === 1 ? 'stays' : 'stay'} behind, not sent: the results file you can download after the send lists ${summary.invalid === 1 ? 'it' : 'each'} with ${summary.invalid === 1 ? 'its' : 'their'} errors.`}
            {summary.alreadyDone
              ? ` ${rowsWord(summary.alreadyDone)} an earlier run wrote (this results file's _status says so) ${summary.alreadyDone === 1 ? 'is' : 'are'} not sent again.`
              : null}
          </p>
          <fieldset>
            <legend>Try it first</legend>
            <label className="check">
              <input type="checkbox" checked={trial} onChange={(event) => setTrial(event.target.checked)} />
              Trial run: send only the first
              <input
                type="number"
                min={1}
                max={summary.valid}
                value={trialText}
                aria-label="Number of rows for the trial run"
                aria-invalid={trial && trialRows === null ? true : undefined}
                aria-describedby={trial && trialRows === null ? 'trial-count-problem' : undefined}
                onChange={(event) => setTrialText(event.target.value)}
                style={{ width: 80 }}
              />
              rows, then look at them in Trackops before sending the rest.
            </label>
            {trial && trialRows === null && (
              <p className="problem-text small" id="trial-count-problem">
                Type a whole number of rows for the trial, from 1 to {summary.valid.toLocaleString()}.
              </p>
            )}
          </fieldset>
          {summary.changes && (
            <label className="check">
              <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
              Also send the rows that would change nothing (normally they are not sent).
            </label>
          )}
          <p className="muted small">
            Requests are paced gently so the account is never throttled; a large file takes a while. You can
            pause or cancel at any time; rows already sent stay sent.
          </p>
          {/* The send first reads the account's lists again (a few requests, seconds at 1 request/s): said,
              so a clerk does not take the wait for a click that did nothing. */}
          {action.busy && (
            // With how many answers came, and Trackops' silence said if it goes quiet (account-reading.tsx).
            <AccountReadingNotice
              reading={reading.reading ?? READING_SOON}
              lead="Reading the account's case types, regions and fields again before sending, so that nothing is sent on names changed since the dry run…"
            />
          )}
          {action.error && <Notice kind="error">{action.error}</Notice>}
        </section>
        <div className="actions">
          {/* Not while the send starts (explore 40 item 2): it goes on once asked, and the dry run it
              went back to said "nothing sent" while every row was written. */}
          <button className="btn" onClick={onBack} disabled={action.busy}>
            Back to dry run
          </button>
          {/* After the refusal that names the undo, sending the same way is refused again: the way on is
              a new import, said on its button. */}
          {undoneBefore && action.error ? (
            <button
              className="btn primary"
              onClick={() => void start({ newImport: true })}
              disabled={action.busy || (trial && trialRows === null)}
            >
              {`${sendWords} as a new import`}
            </button>
          ) : (
            <button
              className="btn primary"
              onClick={() => void start()}
              disabled={action.busy || (trial && trialRows === null)}
            >
              {sendWords}
            </button>
          )}
        </div>
      </div>
    );
  }

  const finished = FINISHED.has(status.state);
  // The connection this send writes to, named as it was when the send started, whatever connection is
  // in use now (explore 40 item 1: after a switch mid-send, its screens named the new one).
  const sentTo = status.connectionName ?? checkedName;
  const switched = status.profileId !== undefined && status.profileId !== profileId;
  if (undo && finished)
    return (
      <div ref={screen}>
        <UndoStep runId={summary.runId} profileName={sentTo} onClose={() => setUndo(false)} />
      </div>
    );
  const counts = sendCounts(summary, status);
  const { earlier, written, remaining } = counts;
  // Explore 63: once "Undo this import" has started, the rest of that file is not offered: it would go in
  // on top of the undo (main refuses such a send all the same), and the results say why.
  const undone = status.undoneAt !== undefined;
  const offerRest = remaining > 0 && !undone;
  const offerRetry = status.retryableFailures > 0 && !undone;
  const writtenNow = counts.created + counts.updated;
  // Failures an earlier send left, reported again by this one without sending them, and this send's own.
  const failedEarlier = status.failedEarlier ?? 0;
  const failedNow = Math.max(0, status.failed - failedEarlier);
  const answered = counts.answeredExisting;
  // Rows answered with a request Trackops held before have a notice of their own (below); a row whose
  // note only says what it went through (refused earlier, accepted now) is counted as what it ended as.
  const noted = Math.max(0, (status.written?.filter((row) => row.unexpected).length ?? 0) - answered);
  return (
    <div ref={screen}>
      <section className="card" aria-labelledby="progress-title">
        <div className="card-head">
          <h2 id="progress-title">
            {finished
              ? 'Results'
              : status.state === 'paused'
                ? 'Paused'
                : status.state === 'cancelling'
                  ? 'Cancelling…'
                  : 'Sending…'}
          </h2>
          <span className="muted">{sentTo}</span>
        </div>
        {switched && (
          <Notice kind="warn">
            This send writes to {sentTo}, the connection in use when it started; {profileName} is in use now,
            and nothing of this send goes there. “Undo this import” acts on {sentTo}; to retry or send the
            rest of this file there, make {sentTo} the connection in use again.
          </Notice>
        )}
        <ProgressBar value={status.done} max={status.total} label="Import progress" />
        <p aria-live="polite">
          {status.done.toLocaleString()} of {status.total.toLocaleString()}{' '}
          {status.total === 1 ? 'row' : 'rows'} done in this run
          {!finished && (
            <>
              {' '}
              · {/* Trackops' silence is no measure of the pace: the time left holds until it answers. */}
              {status.waitingOnTrackops !== null
                ? 'time left paused while Trackops does not answer'
                : status.lookingAgain !== null
                  ? 'time left paused while waiting to look in Trackops again'
                  : status.etaSeconds === null
                    ? 'working out the time left'
                    : `${status.rowsPerSecond.toFixed(1)} rows/s · about ${duration(status.etaSeconds)} left`}
            </>
          )}
        </p>
        {status.lookingAgain !== null && !finished && (
          <Notice kind="info">{status.lookingAgain.message}.</Notice>
        )}
        {status.waitingOnTrackops !== null && !finished && (
          <Notice kind="warn">{status.waitingOnTrackops.message}.</Notice>
        )}
        {status.throttledSeconds !== null && !finished && (
          <Notice kind="warn">
            Trackops asked us to slow down: waiting {Math.ceil(status.throttledSeconds)} s, then continuing
            more slowly.
          </Notice>
        )}
        {status.state === 'cancelling' && (
          // A request in flight is answered before the send stops (no row left in doubt): on a slow
          // account that takes seconds, and the screen went on saying "Sending…" with Pause and Cancel
          // as if the click had done nothing (explored at 1.5 s a request).
          <Notice kind="info">
            Cancelling: nothing more is sent. Waiting for Trackops to answer the request already sent, so that
            no row is left in doubt; then the results show what was written.
          </Notice>
        )}
        {status.error && <Notice kind="error">{status.error.message}</Notice>}
        {!finished && failedNow > 0 && status.latestFailures && status.latestFailures.length > 0 && (
          <RunningFailures failed={failedNow} latest={status.latestFailures} />
        )}
        {!finished && failedEarlier > 0 && (
          // "Send the remaining" does not try the rows an earlier send left failed: said apart, so they
          // are not taken for this send's (explored: it began with "2 rows have failed so far").
          <Notice kind="info">
            {failedEarlier === 1 ? '1 row' : `${failedEarlier.toLocaleString()} rows`} that failed in an
            earlier send {failedEarlier === 1 ? 'is' : 'are'} not sent by this one, and{' '}
            {failedEarlier === 1 ? 'is' : 'are'} counted under “failed”: “Retry failed rows” sends{' '}
            {failedEarlier === 1 ? 'it' : 'them'} once this send has ended.
          </Notice>
        )}
        <div className="stats">
          <div className="stat ok">
            <span className="n">{counts.created.toLocaleString()}</span>
            <span className="l">created</span>
          </div>
          {answered > 0 && (
            // Counted in "created", as the CLI's summary counts them, and said apart: not known to be new.
            <div
              className="stat warn"
              title="Trackops answered these creates with a request it already held, and no new request with the row's values was found: each row's note says which."
            >
              <span className="n">{answered.toLocaleString()}</span>
              <span className="l">
                of them answered with a request
                <br />
                Trackops already held
              </span>
            </div>
          )}
          <div className="stat ok">
            <span className="n">{counts.updated.toLocaleString()}</span>
            <span className="l">updated</span>
          </div>
          {earlier > 0 && (
            <div
              className="stat ok"
              title="Rows of this file that an earlier send wrote: they are in Trackops and were not sent again."
            >
              <span className="n">{earlier.toLocaleString()}</span>
              <span className="l">sent earlier</span>
            </div>
          )}
          {summary.alreadyDone ? (
            <div
              className="stat ok"
              title="Rows this results file's _status and _id columns say an earlier run wrote: not sent again."
            >
              <span className="n">{summary.alreadyDone.toLocaleString()}</span>
              <span className="l">already done earlier</span>
            </div>
          ) : null}
          {status.unchanged > 0 && (
            <div className="stat">
              <span className="n">{status.unchanged.toLocaleString()}</span>
              <span className="l">unchanged (not sent)</span>
            </div>
          )}
          {finished && status.addedSince && status.addedSince.length > 0 && (
            <div
              className="stat"
              title="Rows whose claim Trackops held by the time they were sent (added after the dry run): not sent."
            >
              <span className="n">{status.addedSince.length.toLocaleString()}</span>
              <span className="l">already in Trackops (not sent)</span>
            </div>
          )}
          <div className="stat bad">
            <span className="n">{status.failed.toLocaleString()}</span>
            <span className="l">failed</span>
          </div>
          <div className="stat">
            <span className="n">{summary.invalid.toLocaleString()}</span>
            <span className="l">not sent (errors)</span>
          </div>
          {finished && remaining > 0 && (
            <div className="stat">
              <span className="n">{remaining.toLocaleString()}</span>
              <span className="l">still to send</span>
            </div>
          )}
          {summary.skipped > 0 && (
            // The dry run's "left out" rows (footer rules, "Leave this row out"): never sent, but rows of
            // the file, so the counts add up to it (explore 38: 1,999 of 2,000 rows were accounted for).
            <div
              className="stat"
              title="Rows left out of this import (not data, or left out by you): never sent."
            >
              <span className="n">{summary.skipped.toLocaleString()}</span>
              <span className="l">left out (never sent)</span>
            </div>
          )}
        </div>
        {status.roundTrip && (
          <>
            <h3>Round trip, as checked again just before sending</h3>
            <RoundTripCounts view={status.roundTrip} label="Round trip results" />
            {status.roundTrip.unread > 0 && (
              <p className="muted small">
                {status.roundTrip.unread === 1
                  ? '1 edited row was'
                  : `${status.roundTrip.unread} edited rows were`}{' '}
                sent without first reading the values {status.roundTrip.unread === 1 ? 'it' : 'they'} replaced
                (nothing had changed since the export, so one count was enough): “Undo this import” cannot put{' '}
                {status.roundTrip.unread === 1 ? 'it' : 'them'} back. The export file as it was first saved
                holds the values from before.
              </p>
            )}
            {status.roundTrip.conflictRows.length > 0 && (
              <div className="table-wrap" style={{ maxHeight: 220, marginBottom: 12 }}>
                <table className="plain" aria-label="Rows changed in Trackops since the export">
                  <thead>
                    <tr>
                      <th className="rownum">Row</th>
                      <th>Changed in Trackops since the export: kept as it is, your edit not sent</th>
                    </tr>
                  </thead>
                  <tbody>
                    {status.roundTrip.conflictRows.map((conflict) => (
                      <tr key={conflict.row}>
                        <td className="rownum">{conflict.row}</td>
                        <td style={{ whiteSpace: 'normal' }}>{conflict.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {status.roundTrip.refusedRows.length > 0 && (
              <RowMessages
                label="Round-trip rows refused"
                heading="Edited but refused: not sent, and why"
                rows={status.roundTrip.refusedRows}
              />
            )}
          </>
        )}
        {finished && status.state === 'done' && status.failed === 0 && (
          <Notice kind={answered > 0 ? 'warn' : 'ok'}>
            {answered > 0
              ? `${rowsWord(writtenNow)} ${writtenNow === 1 ? 'was' : 'were'} sent and counted as written. Trackops answered ${answered === writtenNow ? (answered === 1 ? 'it' : `all ${answered}`) : `${answered.toLocaleString()} of them`} with a request it already held, and no new request with ${answered === 1 ? "the row's" : 'their'} values was found: ${answered === 1 ? 'it is' : 'they are'} not known to be created by this import. Check ${answered === 1 ? 'that request' : 'those requests'} in Trackops (“What happened” below names ${answered === 1 ? 'it' : 'each'}); “Undo this import” leaves ${answered === 1 ? 'it' : 'them'} alone.`
              : writtenNow === 1
                ? '1 case request was written to Trackops.'
                : `${writtenNow.toLocaleString()} case requests were written to Trackops.`}
            {earlier > 0 &&
              ` ${earlier.toLocaleString()} more ${earlier === 1 ? 'row was' : 'rows were'} already there from an earlier send (of this file, or of one holding the same rows; not sent again).`}
            {offerRest && ` ${restWords(status, remaining)}`}
          </Notice>
        )}
        {status.state === 'cancelled' && (
          <Notice kind="info">
            Cancelled. Rows already sent stay in Trackops.
            {offerRest &&
              ` ${rowsWord(remaining)} of this file ${remaining === 1 ? 'is' : 'are'} still to send: “Send the remaining” sends only those, now or after you open this file again.`}
          </Notice>
        )}
        {finished && status.heldBack && status.heldBack.length > 0 && (
          <>
            <Notice kind="warn">
              {status.heldBack.length === 1
                ? '1 row was'
                : `${status.heldBack.length.toLocaleString()} rows were`}{' '}
              held back: an earlier send of {status.heldBack.length === 1 ? 'it' : 'them'} got no answer, and
              Trackops holds requests that may be {status.heldBack.length === 1 ? 'it' : 'them'}, edited
              since. Check the requests named below in Trackops: sending again holds{' '}
              {status.heldBack.length === 1 ? 'it' : 'them'} back again.
            </Notice>
            <RowMessages
              label="Rows held back: they may already be in Trackops"
              heading="Held back: may already be in Trackops"
              rows={status.heldBack}
            />
          </>
        )}
        {finished && status.inDoubt && status.inDoubt.length > 0 && (
          // The row to check in Trackops is neither written nor failed: listed on its own (explore 40 item 4).
          // Each row says whether its create or its update is in doubt, and what follows (main's in-doubt-rows.ts).
          <RowMessages
            label="Rows in doubt: their create or change may already have reached Trackops"
            heading="In doubt: may already have reached Trackops"
            rows={status.inDoubt}
          />
        )}
        {finished && status.addedSince && status.addedSince.length > 0 && (
          <>
            <Notice kind="info">
              {status.addedSince.length === 1
                ? '1 row was'
                : `${status.addedSince.length.toLocaleString()} rows were`}{' '}
              not sent: Trackops holds {status.addedSince.length === 1 ? 'its claim' : 'their claims'} now,
              added after the dry run (imported from elsewhere, or typed in meanwhile). Sending{' '}
              {status.addedSince.length === 1 ? 'it' : 'them'} would have made a second request for each.
            </Notice>
            <RowMessages
              label="Rows Trackops holds since the dry run"
              heading="Not sent: already in Trackops"
              rows={status.addedSince}
            />
          </>
        )}
        {status.failures.length > status.retryableFailures && finished && (
          <Notice kind="info">
            Trackops refused {status.failures.length - status.retryableFailures} rows for the reasons below:
            correct them in the file (or download the results, fix them there) and import that file again.
          </Notice>
        )}
        {finished && undone && (
          <Notice kind="warn">
            This import was undone (“Undo this import”), so nothing more of this file is sent from here
            {remaining > 0 || status.retryableFailures > 0
              ? `: ${[
                  remaining > 0 ? `${rowsWord(remaining)} not sent yet` : '',
                  status.retryableFailures > 0
                    ? `${status.retryableFailures === 1 ? '1 failed row' : `${status.retryableFailures.toLocaleString()} failed rows`}`
                    : '',
                ]
                  .filter(Boolean)
                  .join(
                    ' and ',
                  )} belong to the file that was undone, and sending them would put them in on top of the undo`
              : ''}
            . If this file should go in after all, choose it again (“Import another file”), check it, and send
            it as a new import.
          </Notice>
        )}
        {offerRetry && finished && (
          // Explored (200 rows, 4 refused): counts and reasons, but no sentence saying what to do next.
          <Notice kind="info">
            {status.retryableFailures === 1 ? '1 row' : `${status.retryableFailures.toLocaleString()} rows`}{' '}
            failed for the reasons below, and may pass on another try: “Retry {status.retryableFailures}{' '}
            failed {status.retryableFailures === 1 ? 'row' : 'rows'}” sends only{' '}
            {status.retryableFailures === 1 ? 'it' : 'them'} again, once the cause is dealt with. Rows already
            written are not sent twice.
            {remaining > 0 &&
              ` “Send the remaining ${rowsWord(remaining)}” sends only the ${remaining === 1 ? 'row' : 'rows'} not tried yet, and leaves the failed ${status.retryableFailures === 1 ? 'one' : 'ones'} for the retry.`}
          </Notice>
        )}
        {status.failures.length > 0 && (
          <RowMessages label="Rows that failed" heading="Why it failed" rows={status.failures} />
        )}
        {finished && noted > 0 && (
          <Notice kind="info">
            {noted === 1 ? '1 row was' : `${noted.toLocaleString()} rows were`} written, but Trackops answered
            something this tool did not expect: see "What happened" below, and check{' '}
            {noted === 1 ? 'that request' : 'those requests'} in Trackops.
          </Notice>
        )}
        {finished && status.withoutRecord && (
          // The CLI's summary line (explore 29 item 7): why the send took more requests than rows.
          <Notice kind="info">
            {status.withoutRecord} That is why this send took longer than its rows alone would have.
          </Notice>
        )}
        {finished &&
          status.searchNotes?.map((note) => (
            // What the send's searches met in Trackops (a filter it ignored…): said once each, at the end.
            <Notice key={note} kind="info">
              {note}.
            </Notice>
          ))}
        {finished && status.written && status.written.length > 0 && <WrittenRows rows={status.written} />}
        {saved && <Notice kind="ok">{saved}</Notice>}
        {/* Retry / Send the remaining read the account again before their send has a status. */}
        {finished && action.busy && reading.reading && (
          <AccountReadingNotice
            reading={reading.reading}
            lead="Reading the account's case types, regions and fields again before sending…"
          />
        )}
        {action.error && <Notice kind="error">{action.error}</Notice>}
        <p className="sr-only" role="status" aria-live="polite">
          {finished ? '' : controlSaid}
        </p>
        <div className="row">
          {!finished && status.state !== 'paused' && status.state !== 'cancelling' && (
            <button
              ref={pauseButton}
              className="btn"
              onClick={() => void control('pauseImport')}
              disabled={action.busy}
            >
              Pause
            </button>
          )}
          {status.state === 'paused' && (
            <button
              ref={resumeButton}
              className="btn primary"
              onClick={() => void control('resumeImport')}
              disabled={action.busy}
            >
              Resume
            </button>
          )}
          {!finished && status.state !== 'cancelling' && (
            <button
              className="btn danger"
              onClick={() => void control('cancelImport')}
              disabled={action.busy}
            >
              Cancel
            </button>
          )}
          {finished && (
            <>
              <DownloadButtons
                label="Download the results:"
                formats={ALL_FORMATS}
                onDownload={download}
                disabled={action.busy}
              />
              <span className="spacer" />
              {written > 0 && (
                <button className="btn" onClick={() => setUndo(true)} disabled={action.busy}>
                  Undo this import…
                </button>
              )}
              {offerRetry && (
                // Only these are sent again: a refusal, or a 2xx that said it failed, stays settled, and
                // rows not tried yet are left for "Send the remaining" (both sent the same rows before).
                <button
                  className="btn"
                  onClick={() => void start({ all: true, ...(remaining > 0 ? { rows: 'failed' } : {}) })}
                  disabled={action.busy}
                >
                  Retry {status.retryableFailures} failed {status.retryableFailures === 1 ? 'row' : 'rows'}
                </button>
              )}
              {offerRest && (
                // After a trial the next step is the rest of the file, so that is the highlighted button.
                // It sends the rows counted in its label: the failed ones wait for their own button.
                <button
                  className="btn primary"
                  onClick={() =>
                    void start({ all: true, ...(status.retryableFailures > 0 ? { rows: 'untried' } : {}) })
                  }
                  disabled={action.busy}
                >
                  Send the remaining {rowsWord(remaining)}
                </button>
              )}
              <button className={offerRest ? 'btn' : 'btn primary'} onClick={onStartOver}>
                Import another file
              </button>
            </>
          )}
        </div>
      </section>
    </div>
  );
}

/** The trial's row count as typed: a whole number of 1 or more, else null (nothing to send). */
function trialCount(typed: string): number | null {
  const count = Number(typed);
  return typed.trim() !== '' && Number.isInteger(count) && count >= 1 ? count : null;
}

/**
 * What a send that ended with rows still to send was, and how to send them. Only a trial is called one
 * (explore 38 item 4: "That was a trial run" after "Retry 4 failed rows" of a whole send cancelled part
 * way); the retry of the failed rows is said as what the clerk clicked.
 */
function restWords(status: Pick<ImportStatus, 'trialRows' | 'rows'>, remaining: number): string {
  if (status.trialRows) return 'That was a trial run: send the rest when you have checked them.';
  const rest = `${rowsWord(remaining)} of this file ${remaining === 1 ? 'is' : 'are'} still to send: “Send the remaining ${rowsWord(remaining)}” sends ${remaining === 1 ? 'it' : 'them'}.`;
  return status.rows === 'failed' ? `That was a retry of the failed rows only; ${rest}` : rest;
}

/**
 * Failures as they come while the send runs (a clerk watching a 2,000-row send saw none until its end):
 * how many so far, the latest few with why and what to do, and what the clerk may do meanwhile.
 */
function RunningFailures({ failed, latest }: { failed: number; latest: { row: number; message: string }[] }) {
  return (
    <>
      <Notice kind="warn">
        {failed === 1 ? '1 row has' : `${failed.toLocaleString()} rows have`} failed so far; the send goes on
        with the others. {latest.length === 1 ? 'It is' : `The latest ${latest.length} are`} below, and every
        failed row is listed when the send ends. If the reason is one to deal with first (the connection, a
        permission in Trackops), pause or cancel: rows already sent stay sent.
      </Notice>
      <RowMessages label="Latest rows that failed" heading="Why it failed (latest first)" rows={latest} />
    </>
  );
}

/** Rows of the file, each with what happened to it in words (failed, held back, added since). */
function RowMessages({
  label,
  heading,
  rows,
}: {
  label: string;
  heading: string;
  rows: { row: number; message: string }[];
}) {
  return (
    <div className="table-wrap" style={{ maxHeight: 220, marginBottom: 12 }}>
      <table className="plain" aria-label={label}>
        <thead>
          <tr>
            <th className="rownum">Row</th>
            <th>{heading}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <td className="rownum">{row.row}</td>
              <td style={{ whiteSpace: 'normal' }}>{row.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WrittenRows({ rows }: { rows: NonNullable<ImportStatus['written']> }) {
  return (
    <div className="table-wrap" style={{ maxHeight: 220, marginBottom: 12 }}>
      <table className="plain" aria-label="Rows written to Trackops">
        <thead>
          <tr>
            <th className="rownum">Row</th>
            <th>Case request</th>
            <th>What happened</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((written) => (
            <tr key={written.row}>
              <td className="rownum">{written.row}</td>
              <td>{written.caseRequestNumber ?? (written.id !== null ? `ID ${written.id}` : '—')}</td>
              <td style={written.note ? { whiteSpace: 'normal' } : undefined}>
                {written.earlier && written.status !== 'unchanged'
                  ? WRITTEN_EARLIER[written.status]
                  : WHAT_HAPPENED[written.status]}
                {written.note && `. ${written.note}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "1 is", "none is", "12 are": how many of the valid rows a send writes. */
function sentWords(count: number): string {
  if (count === 0) return 'none is';
  return count === 1 ? '1 is' : `${count.toLocaleString()} are`;
}
