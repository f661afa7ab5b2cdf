import { useEffect, useRef, useState } from 'react';
import type {
  ColumnPreset,
  ExportFilters,
  ExportOptions,
  ExportStatus,
  SentTime,
  SinceLastView,
  UsedDates,
} from '../../../main/bridge/contract.ts';
import { bridge, call, messageOf } from '../bridge.ts';
import { afterAnswer, newer } from '../progress-order.ts';
import { Notice } from '../components/Notice.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { finishSave } from '../components/save-file.ts';
import { useAction } from '../components/use-action.ts';

type DateField = 'created' | 'due';
const NUMBER_FILTERS: { key: keyof ExportFilters; label: string }[] = [
  { key: 'id', label: 'Case request ID' },
  { key: 'series_number', label: 'Series number' },
  { key: 'client', label: 'Client ID' },
  { key: 'location', label: 'Client location ID' },
  { key: 'primary_contact', label: 'Primary contact ID' },
  { key: 'primary_subject', label: 'Primary subject ID' },
];
const TEXT_FILTERS: { key: keyof ExportFilters; label: string }[] = [
  { key: 'case_request_number', label: 'Case request number' },
  { key: 'reference_value_1', label: 'Reference value 1' },
  { key: 'reference_value_2', label: 'Reference value 2' },
  { key: 'reference_value_3', label: 'Reference value 3' },
];
const STAMP_FILTERS: { key: keyof ExportFilters; label: string }[] = [
  { key: 'created_from_system', label: 'Entered in Trackops from (UTC)' },
  { key: 'created_to_system', label: 'Entered in Trackops to (UTC)' },
  { key: 'updated_from', label: 'Updated from (UTC)' },
  { key: 'updated_to', label: 'Updated to (UTC)' },
];

/** The preset that exports what changed since this profile's last saved export (issue 18 point 3). */
const SINCE_LAST = 'since-last';
const SINCE_LAST_FIELDS = new Set<string>(['updated_from', 'updated_to']);

const DATE_WORDS: Record<UsedDates['field'], string> = { created: 'received', due: 'due' };

/** " Received 2026-12-01 to 2026-12-31 ("This month" as of this count)." after a count with a preset. */
function datesWords(dates: UsedDates | null): string {
  if (!dates) return '';
  const field = dates.field === 'created' ? 'Received' : 'Due';
  return ` ${field} ${dates.from} to ${dates.to} ("${dates.preset}" as of this count).`;
}

/**
 * " Sent as (UTC): "Updated to (UTC)" 2026-11-30 23:59 = 2026-11-30 23:59:59 …": the second each date
 * or time to the minute was sent as (explore 35 item 1: a "to" of 23:59 is the whole minute).
 */
/** The text boxes sent without the spaces at their ends (or not at all), as main words them. */
function trimmedWords(trimmed: string[] | undefined): string {
  return trimmed?.length ? trimmed.map((words) => ` ${words}.`).join('') : '';
}

function timesWords(times: SentTime[] | undefined): string {
  if (!times?.length) return '';
  const list = times.map(({ box, given, sent }) => `"${box}" ${given} = ${sent}`).join(', ');
  return ` Sent as (UTC): ${list}; a date stands for the whole day and a time to the minute for the whole minute.`;
}

/** "2026-03-02 09:55" from "2026-03-02 09:55:00" or an ISO time. */
function minute(stamp: string): string {
  return stamp.replace('T', ' ').slice(0, 16);
}

/** What a since-last window holds, in words (times in UTC, as Trackops keeps them). */
function windowWords(window: SinceLastView): string {
  if (window.updatedFrom === null || window.previousStartedAt === null)
    return 'No earlier export of this connection with these columns and filters was saved, so this one holds every request they match; the next one will hold only what changed after it began.';
  const earlier =
    window.zoneHours > 0
      ? `${window.zoneHours} hours and ${window.marginMinutes} minutes earlier (${window.marginMinutes} minutes in case the clocks differ, ${window.zoneHours} hours because this computer has not yet seen whether Trackops stamps its times in UTC, as its reference says, or in a local time behind it)`
      : `${window.marginMinutes} minutes earlier in case the clocks differ`;
  return `Requests updated since ${minute(window.updatedFrom)} UTC: your last export with these columns and filters began at ${minute(window.previousStartedAt)}, and the window starts ${earlier}, so a request may appear in two exports, never in none.`;
}

export function ExportScreen({ profileId, profileName }: { profileId: string; profileName: string }) {
  const [options, setOptions] = useState<ExportOptions | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [dateField, setDateField] = useState<DateField>('created');
  const [preset, setPreset] = useState<string>('this-month');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [columns, setColumns] = useState<ColumnPreset>('report');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [handing, setHanding] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const [sinceWindow, setSinceWindow] = useState<SinceLastView | null>(null);
  /** The dates the preset stood for at the last Count or Export (main's clock, at the click). */
  const [usedDates, setUsedDates] = useState<UsedDates | null>(null);
  /** The seconds the time boxes were sent as at the last Count. */
  const [sentTimes, setSentTimes] = useState<SentTime[] | undefined>(undefined);
  const [sentTrimmed, setSentTrimmed] = useState<string[] | undefined>(undefined);
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const countButton = useRef<HTMLButtonElement>(null);
  const exportButton = useRef<HTMLButtonElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  /**
   * Where the focus goes once the screen shows an action's outcome: Count and Export are disabled while
   * they work (and Export becomes "Save the file"), which dropped the focus on the page, 31 Tab stops
   * above "Save the file" (explore 58). After Count: Export (Count again when nothing matches); after
   * Export: "Save the file", "Cancel export" while it runs, Export again if it failed or was cancelled.
   */
  const [focusNext, setFocusNext] = useState<'after-count' | 'after-export' | null>(null);

  // An answer belongs to the connection that gave it: one that arrives after the user chose another
  // connection is dropped (explored: an unreachable profile's reference read gave up after 5 attempts
  // and replaced the sandbox's Export screen with its error).
  const profileNow = useRef(profileId);
  profileNow.current = profileId;
  /** Runs a call about this connection; its answer or error is dropped if the connection changed meanwhile. */
  const forThisConnection = <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    const asked = profileId;
    return action.run(async () => {
      try {
        const value = await work();
        return profileNow.current === asked ? value : undefined;
      } catch (error) {
        if (profileNow.current !== asked) return undefined;
        throw error;
      }
    });
  };

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setOptions(null);
    setOptionsError(null);
    call('exportOptions', { id: profileId }).then(
      (next) => {
        if (!current) return;
        setOptions(next);
        setOptionsError(null);
      },
      (error: unknown) => {
        if (current) setOptionsError(messageOf(error));
      },
    );
    return () => {
      current = false;
    };
  }, [profileId, attempt]);

  // A count (and the dates it stood for) was of the connection in use then: another one's is unknown.
  // An export already started keeps its status: it runs on, and its file can still be saved.
  useEffect(() => {
    setCount(null);
    setUsedDates(null);
    setSentTimes(undefined);
    setSentTrimmed(undefined);
    setSinceWindow(null);
    action.setError(null);
  }, [profileId]);

  useEffect(
    () =>
      bridge.onProgress((event) => {
        if (event.kind === 'export')
          setStatus((current) =>
            current?.jobId === event.status.jobId ? newer(current, event.status) : current,
          );
      }),
    [],
  );

  // A preset's dates as main resolved them when the screen (or the preset) was last asked: a preview
  // only. Count and Export send the preset's name, and main resolves it at the click (tester 4's
  // item 5: a screen left open past midnight kept yesterday's "Today").
  const presetDates = options?.datePresets.find((candidate) => candidate.name === preset) ?? null;

  const sinceLast = preset === SINCE_LAST;
  // The export of these filters (a changed filter clears both) holds another number than Trackops
  // counted: requests it listed that do not match (a filter the account ignores), or the account
  // changed between the clicks. The count's line says so, not "36 match" above a file of 1 (explored).
  const exportedOtherThanCount =
    count !== null && status?.state === 'done' && status.written !== count ? status.written : null;
  const datePreset = () => (presetDates ? { datePreset: { field: dateField, name: presetDates.name } } : {});
  const filters = (): ExportFilters => {
    const result: Record<string, string | number> = {};
    if (preset === 'custom') {
      if (custom.from) result[`${dateField}_from`] = custom.from;
      if (custom.to) result[`${dateField}_to`] = custom.to;
    }
    // Ids go as typed: main refuses what is not one whole number, naming the box (never dropped).
    for (const { key } of [...NUMBER_FILTERS, ...STAMP_FILTERS])
      if (fields[key]?.trim() && !(sinceLast && SINCE_LAST_FIELDS.has(key))) result[key] = fields[key].trim();
    // Texts go untrimmed: main sends them without the spaces at their ends, and says so (a reference
    // that really starts with a space otherwise matched nothing without a word).
    for (const { key } of TEXT_FILTERS) if (fields[key]) result[key] = fields[key];
    if (fields.case_region) result.case_region = Number(fields.case_region);
    return result as ExportFilters;
  };

  // A changed filter makes the last count stale.
  const touch = () => {
    setCount(null);
    setUsedDates(null);
    setSentTimes(undefined);
    setSentTrimmed(undefined);
    setSinceWindow(null);
    setStatus(null);
    setSaved(null);
  };

  const countNow = async () => {
    // A saved export is done with: counting again starts the next one (its window may have moved on).
    if (saved) {
      setStatus(null);
      setSaved(null);
    }
    const answer = await forThisConnection(() =>
      call('countExport', {
        profileId,
        filters: filters(),
        ...datePreset(),
        ...(sinceLast ? { sinceLast: true, columns } : {}),
      }),
    );
    setFocusNext('after-count');
    if (answer) {
      setCount(answer.recordCount);
      setSinceWindow(answer.sinceLast ?? null);
      setUsedDates(answer.dates ?? null);
      setSentTimes(answer.times);
      setSentTrimmed(answer.trimmed);
    }
  };
  const startExport = async () => {
    setSaved(null);
    // Not dropped if the connection changes meanwhile: an export started runs on, and its file is offered.
    const started = await action.run(() =>
      call('startExport', {
        profileId,
        filters: filters(),
        ...datePreset(),
        columns,
        format,
        ...(sinceLast ? { sinceLast: true } : {}),
      }),
    );
    setFocusNext('after-export');
    if (started) {
      setStatus((current) => afterAnswer('export', current, started));
      if (started.dates) setUsedDates(started.dates);
      if (started.sinceLast) setSinceWindow(started.sinceLast);
    }
  };
  /** Stops the export running: its file is never saved (main says so in the status). */
  const cancelExport = async () => {
    if (!status) return;
    const stopped = await action.run(() => call('cancelExport', { jobId: status.jobId }));
    if (stopped) setStatus((current) => afterAnswer('export', current, stopped));
  };
  const save = async () => {
    if (!status) return;
    // The file is read and handed over now (in a browser, as a download): said while it is, as the
    // report downloads say theirs (DownloadButtons).
    setHanding(true);
    const file = await action
      .run(() => call('saveExport', { jobId: status.jobId }))
      .finally(() => setHanding(false));
    const where = file ? finishSave(file) : null;
    // "Exported" only once the file is somewhere the user can open it (a cancelled save is not an export).
    const what = status.sinceLast
      ? status.sinceLast.updatedFrom
        ? ` changed since ${minute(status.sinceLast.updatedFrom)} UTC`
        : ' (every request: the first export of these columns and filters)'
      : '';
    if (where)
      setSaved(
        `Exported ${caseRequests(status.written)}${what}. ${where.replace(/\.$/, '')}.` +
          (status.sinceLast ? ' The next "Changed since my last export" starts from this one.' : ''),
      );
  };

  useEffect(() => {
    if (!focusNext) return;
    const active = document.activeElement;
    // The clerk went somewhere else meanwhile (a filter, another tab): their focus stays there.
    const ours = [countButton, exportButton, saveButton, cancelButton].some((ref) => ref.current === active);
    if (active && active !== document.body && !ours) return setFocusNext(null);
    const usable = (ref: React.RefObject<HTMLButtonElement | null>) =>
      ref.current && !ref.current.disabled ? ref.current : null;
    if (focusNext === 'after-count') {
      if (action.busy) return;
      const target = usable(exportButton) ?? usable(countButton);
      if (!target) return;
      target.focus();
      return setFocusNext(null);
    }
    if (action.busy) return;
    const saveNow = usable(saveButton);
    if (saveNow) {
      saveNow.focus();
      return setFocusNext(null);
    }
    if (status?.state === 'running') {
      // Not done yet: kept on the export's own Cancel until its file can be saved.
      usable(cancelButton)?.focus();
      return;
    }
    usable(exportButton)?.focus();
    setFocusNext(null);
  });

  const setField = (key: string, value: string) => {
    setFields((current) => ({ ...current, [key]: value }));
    touch();
  };

  if (optionsError) {
    return (
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">Export case requests</h2>
        <Notice kind="error">{optionsError}</Notice>
        <button className="btn" onClick={() => setAttempt((value) => value + 1)}>
          Try again
        </button>
      </section>
    );
  }
  if (!options) return <p className="muted">Loading…</p>;
  const running = status?.state === 'running';

  return (
    <div>
      <section className="card" aria-labelledby="export-title">
        <div className="card-head">
          <h2 id="export-title">Export case requests</h2>
          <span className="muted">{profileName}</span>
        </div>
        {/* Not changed while an export runs: a changed filter takes the export off the screen (its progress,
            its Cancel) while it goes on reading the account for a file never offered (explored). */}
        <fieldset disabled={running}>
          <legend>Date range</legend>
          <div className="row" style={{ marginBottom: 10 }}>
            <label className="field">
              <span>Which date</span>
              <select
                value={dateField}
                disabled={sinceLast}
                onChange={(event) => {
                  setDateField(event.target.value as DateField);
                  touch();
                }}
              >
                <option value="created">Received (created on)</option>
                <option value="due">Due</option>
              </select>
            </label>
          </div>
          <div className="preset-buttons" role="group" aria-label="Date range presets">
            {[
              ...options.datePresets,
              { name: SINCE_LAST, label: 'Changed since my last export' },
              { name: 'custom', label: 'Custom…' },
              { name: 'any', label: 'Any date' },
            ].map((item) => (
              <button
                key={item.name}
                className="btn"
                aria-pressed={preset === item.name}
                onClick={() => {
                  setPreset(item.name);
                  touch();
                  // The preview under the buttons as of now (the reference data is cached: no request).
                  const asked = profileId;
                  call('exportOptions', { id: profileId }).then(
                    (next) => profileNow.current === asked && setOptions(next),
                    () => {},
                  );
                }}
              >
                {item.label}
              </button>
            ))}
          </div>
          {preset === 'custom' ? (
            <div className="row" style={{ marginTop: 10 }}>
              <label className="field">
                <span>From</span>
                <input
                  type="date"
                  value={custom.from}
                  onChange={(event) => (setCustom({ ...custom, from: event.target.value }), touch())}
                />
              </label>
              <label className="field">
                <span>To</span>
                <input
                  type="date"
                  value={custom.to}
                  onChange={(event) => (setCustom({ ...custom, to: event.target.value }), touch())}
                />
              </label>
            </div>
          ) : sinceLast ? (
            <p className="muted small" style={{ marginTop: 8 }}>
              {sinceWindow
                ? windowWords(sinceWindow)
                : 'Requests updated in Trackops since your last saved export from this connection with the same columns and filters (count to see since when). Received and due dates are not filtered.'}
            </p>
          ) : (
            preset !== 'any' && (
              <p className="muted small" style={{ marginTop: 8 }}>
                {usedDates
                  ? `${usedDates.from} to ${usedDates.to}, as "${usedDates.preset}" stood when you last clicked Count or Export`
                  : presetDates
                    ? `${presetDates.from} to ${presetDates.to} now; worked out again when you click Count or Export`
                    : ''}{' '}
                {/* Days of the computer's calendar, as main resolves them and as the CLI says it
                    (explore 35 item 4: "dates in UTC" was said of days that were not UTC's). */}
                (days on this computer's calendar, {options.timeZone}; weeks start on Monday)
              </p>
            )
          )}
        </fieldset>
        <fieldset disabled={running}>
          <legend>More filters</legend>
          <div className="form-grid">
            <label className="field">
              <span>Case region</span>
              <select
                value={fields.case_region ?? ''}
                onChange={(event) => setField('case_region', event.target.value)}
              >
                <option value="">Any region</option>
                {options.regions.map((region) => (
                  <option key={region.id} value={region.id}>
                    {region.name}
                  </option>
                ))}
              </select>
            </label>
            {TEXT_FILTERS.map(({ key, label }) => (
              <label className="field" key={key}>
                <span>{label}</span>
                <input
                  type="text"
                  value={fields[key] ?? ''}
                  onChange={(event) => setField(key, event.target.value)}
                />
              </label>
            ))}
            {NUMBER_FILTERS.map(({ key, label }) => (
              <label className="field" key={key}>
                <span>{label}</span>
                {/* Text, not type=number: such a box reports what it cannot read ("5-6") as empty. */}
                <input
                  type="text"
                  inputMode="numeric"
                  placeholder="e.g. 42"
                  value={fields[key] ?? ''}
                  onChange={(event) => setField(key, event.target.value)}
                />
              </label>
            ))}
            {STAMP_FILTERS.map(({ key, label }) => (
              <label className="field" key={key}>
                <span>{label}</span>
                <input
                  type="text"
                  placeholder={
                    sinceLast && SINCE_LAST_FIELDS.has(key)
                      ? 'Set by the preset above'
                      : // Short enough to show whole in the box (the long form was cut off at "HH").
                        'YYYY-MM-DD [HH:MM]'
                  }
                  title="A date (YYYY-MM-DD: the whole day), or a date and a time of day (YYYY-MM-DD HH:MM: the whole minute, or HH:MM:SS), in UTC"
                  disabled={sinceLast && SINCE_LAST_FIELDS.has(key)}
                  value={sinceLast && SINCE_LAST_FIELDS.has(key) ? '' : (fields[key] ?? '')}
                  onChange={(event) => setField(key, event.target.value)}
                />
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset disabled={running}>
          <legend>File</legend>
          <div className="row">
            <label className="field">
              <span>Columns</span>
              <select
                value={columns}
                onChange={(event) => {
                  const chosen = options.columnPresets.find((item) => item.name === event.target.value);
                  if (chosen) setColumns(chosen.name);
                  touch();
                }}
              >
                {options.columnPresets.map((item) => (
                  <option key={item.name} value={item.name}>
                    {item.label}
                  </option>
                ))}
              </select>
            </label>
            <div role="radiogroup" aria-label="File format" className="row">
              <label className="check">
                <input
                  type="radio"
                  name="format"
                  checked={format === 'xlsx'}
                  onChange={() => (setFormat('xlsx'), touch())}
                />
                Excel (.xlsx)
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="format"
                  checked={format === 'csv'}
                  onChange={() => (setFormat('csv'), touch())}
                />
                CSV
              </label>
            </div>
          </div>
          <p className="muted small" style={{ marginTop: 6 }}>
            {options.columnPresets.find((item) => item.name === columns)?.description}
          </p>
        </fieldset>
        {/* Always on the page, so a new count is read out when it appears (a region added with its words
            in it is often not). */}
        <div aria-live="polite">
          {count !== null && (
            <Notice kind="info">
              {sinceWindow
                ? count === 0
                  ? 'Nothing changed since your last export with these columns and filters.'
                  : `${caseRequests(count)} ${sinceWindow.updatedFrom ? `changed since ${minute(sinceWindow.updatedFrom)} UTC` : `${count === 1 ? 'matches' : 'match'} (the first export of these columns and filters)`}.`
                : (exportedOtherThanCount !== null
                    ? `Trackops counted ${caseRequests(count)} for these filters; the export holds ${exportedOtherThanCount.toLocaleString()} (below).`
                    : count === 0
                      ? 'No case requests match these filters.'
                      : `${caseRequests(count)} ${count === 1 ? 'matches' : 'match'}.`) +
                  datesWords(usedDates) +
                  timesWords(sentTimes) +
                  trimmedWords(sentTrimmed)}
            </Notice>
          )}
        </div>
        {status && (
          <div aria-live="polite">
            {/* A failed or cancelled export has no progress left to show: no half-full bar. */}
            {(status.state === 'running' || status.state === 'done') && (
              <ProgressBar value={status.written} max={status.total} label="Export progress" />
            )}
            <p className="muted">
              {status.state === 'done'
                ? saved
                  ? ''
                  : `${caseRequests(status.written)} ${status.written === 1 ? 'is' : 'are'} ready${status.dates ? ` (${DATE_WORDS[status.dates.field]} ${status.dates.from} to ${status.dates.to}, "${status.dates.preset}" as of the export)` : ''}: save the file.${timesWords(status.times)}${trimmedWords(status.trimmed)}`
                : status.state === 'running'
                  ? `${status.phase === 'writing' ? 'Writing' : status.phase === 'counting' ? 'Counting' : 'Fetching'} ${status.written.toLocaleString()}${status.total !== null ? ` of ${status.total.toLocaleString()}` : ''}…`
                  : ''}
            </p>
            {running && status.retrying && (
              <Notice kind="warn">
                Trackops did not answer properly (not something you did): waiting{' '}
                {status.retrying.waitSeconds} s, then trying again (attempt {status.retrying.attempt}).
                Nothing is lost; if it keeps failing, the export stops and says so.{' '}
                <span className="small muted">({status.retrying.reason})</span>
              </Notice>
            )}
            {status.error && (
              <Notice kind={status.state === 'cancelled' ? 'info' : 'error'}>{status.error.message}</Notice>
            )}
            {status.notes?.map((note) => (
              <Notice kind="info" key={note}>
                {note}
              </Notice>
            ))}
          </div>
        )}
        {saved && <Notice kind="ok">{saved}</Notice>}
        {action.error && <Notice kind="error">{action.error}</Notice>}
        <div className="actions">
          <button
            ref={countButton}
            className="btn"
            onClick={() => void countNow()}
            disabled={action.busy || running}
          >
            Count matching requests
          </button>
          {status?.state === 'done' ? (
            <>
              <button
                ref={saveButton}
                className="btn primary"
                onClick={() => void save()}
                disabled={action.busy}
              >
                Save the file
              </button>
              <span className="muted small" role="status" aria-live="polite">
                {handing ? 'Preparing the file…' : ''}
              </span>
            </>
          ) : (
            <button
              ref={exportButton}
              className="btn primary"
              onClick={() => void startExport()}
              disabled={action.busy || running || count === 0}
            >
              {running ? 'Exporting…' : 'Export'}
            </button>
          )}
          {running && (
            <button
              ref={cancelButton}
              className="btn"
              onClick={() => void cancelExport()}
              disabled={action.busy}
            >
              Cancel export
            </button>
          )}
        </div>
      </section>
    </div>
  );
}

/** "1 case request", "36 case requests". */
function caseRequests(count: number): string {
  return `${count.toLocaleString()} case request${count === 1 ? '' : 's'}`;
}
