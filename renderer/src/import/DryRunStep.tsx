import { useEffect, useRef, useState } from 'react';
import type { CellFixed, DryRunSummary, GridRow } from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { ALL_FORMATS, DownloadButtons, type DownloadFormat } from '../components/DownloadButtons.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { finishSave } from '../components/save-file.ts';
import { useAction } from '../components/use-action.ts';
import { DateOrderFix } from './DateOrderFix.tsx';
import { MappingProblems } from './MappingProblems.tsx';
import { NumberFormatFix } from './NumberFormatFix.tsx';
import { RowGrid, type RowGridHandle } from './RowGrid.tsx';
import { RowLeaveOut } from './RowLeaveOut.tsx';
import { RoundTripCounts, RoundTripHeading } from './RoundTripNote.tsx';
import { alreadyDoneText, cellProblems, hasMappingProblem, sentEarlierText } from './row-status.ts';
import { screenClock } from '../../../main/bridge/local-time.ts';
import { countWords } from '../components/count-words.ts';

/** What the dry run may change in the wizard's mapping (each followed by a new check where it says so). */
export interface MappingFixes {
  /** A target in words ("Client country"), from the mapping step's field list. */
  labelOf: (target: string) => string | null;
  /** Back to the mapping with "Same value on every row" open for this field. */
  onSetConstant: (target: string) => void;
  /** A row left out by number (or brought back): the wizard's mapping keeps `skip.rows` in step. */
  onRowLeftOut: (row: number, leave: boolean) => void;
  /** How a column writes numbers: sets the column's `decimal` and checks every row again. */
  onDecimal: (column: string, decimal: '.' | ',') => void;
  /** A date column's day/month order: sets the column's `dateFormat` and checks every row again. */
  onDateFormat: (column: string, format: string) => void;
  /** A new check is starting (after onDecimal or onDateFormat). */
  rerunning: boolean;
  /** A cell typed in and checked: the wizard keeps it for the next dry run of this file (explore 11 item 2). */
  onCellFixed: (row: number, column: string, value: string) => void;
}

export function DryRunStep({
  summary,
  onSummary,
  onBack,
  onNext,
  fixes,
  nextBlocked = false,
}: {
  summary: DryRunSummary;
  onSummary: (summary: DryRunSummary) => void;
  onBack: () => void;
  onNext: () => void;
  fixes: MappingFixes;
  /** Checked against a connection no longer in use: not to be sent from (the wizard says why). */
  nextBlocked?: boolean;
}) {
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [selected, setSelected] = useState<GridRow | null>(null);
  const [patched, setPatched] = useState(new Map<number, GridRow>());
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const report = useAction();
  const grid = useRef<RowGridHandle>(null);
  const rowDetail = useRef<HTMLDivElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  /** What a fix did, said in the polite line under the grid ("Row 7 fixed; 3 rows left to fix"). */
  const [fixOutcome, setFixOutcome] = useState('');
  /** Where the focus goes once the screen shows what a fix led to (the box it removed had it). */
  const [focusNext, setFocusNext] = useState<'fix-box' | 'grid' | 'next' | null>(null);
  const running = summary.state === 'running';
  /** A round-trip export: its rows are shown, never fixed or left out here (main refuses that too). */
  const roundTrip = summary.roundTripFile ?? null;

  // Rows arrive while the run goes; reload the grid when it finishes.
  useEffect(() => {
    if (!running) setVersion((value) => value + 1);
  }, [running]);

  // A row chosen (click or arrows) has its errors and fix box under the grid: brought into view, as on
  // a 1366×768 screen they were drawn below the window's edge and nothing seemed to happen (explore 58).
  useEffect(() => {
    if (selected) rowDetail.current?.scrollIntoView({ block: 'nearest' });
  }, [selected?.row]);

  useEffect(() => {
    if (!focusNext) return;
    const target =
      focusNext === 'fix-box'
        ? (rowDetail.current?.querySelector<HTMLElement>('.fix-line input') ??
          rowDetail.current?.querySelector<HTMLElement>('h3') ??
          null)
        : focusNext === 'next'
          ? nextButton.current
          : null;
    if (focusNext === 'grid') grid.current?.focus();
    else if (target) {
      if (target.tagName === 'H3') target.tabIndex = -1;
      target.focus();
    } else return;
    setFocusNext(null);
  });

  /**
   * After a fix: the fixed row's box is gone (the row is valid) and with it the focus, so the clerk is
   * taken where they go next and told what happened (explore 58: focus fell to the page, a screen
   * reader said nothing, and fixing 8 rows by keyboard took 43 key presses). A row still wrong keeps
   * its box, focus on its first value; a fixed one leads to the next row with a problem of its own,
   * focus in its fix box; with none left, to "Next: send".
   */
  const afterFix = async (row: GridRow, next: DryRunSummary) => {
    const left = `${next.invalid === 0 ? 'no' : next.invalid.toLocaleString()} ${next.invalid === 1 ? 'row' : 'rows'} left to fix`;
    const stillWrong = cellProblems(row);
    if (row.status === 'invalid' && stillWrong.length > 0) {
      setFixOutcome(`Row ${row.row} checked again: ${stillWrong[0]!.message}.`);
      setFocusNext('fix-box');
      return;
    }
    const following = next.invalid > 0 ? await grid.current?.nextToFix(row.row) : null;
    if (following) {
      setSelected(following);
      setFixOutcome(`Row ${row.row} fixed; ${left}. Row ${following.row} is next.`);
      setFocusNext('fix-box');
    } else {
      setFixOutcome(`Row ${row.row} fixed; ${left}.`);
      // Rows left only by a problem of the mapping (shown above the rows) have no box to go to.
      setFocusNext(next.invalid === 0 && next.valid > 0 ? 'next' : 'grid');
    }
  };

  const download = async (format: DownloadFormat) => {
    setSaved(null);
    const file = await report.run(() => call('saveReport', { runId: summary.runId, format }));
    if (file) setSaved(finishSave(file));
    return file !== undefined;
  };

  return (
    <div>
      <section className="card" aria-labelledby="dry-title">
        <div className="card-head">
          <h2 id="dry-title">Dry run: every row checked, nothing sent</h2>
          <span className="muted">
            {summary.fileName}
            {summary.sheet ? ` · ${summary.sheet}` : ''}
          </span>
        </div>
        {running && !summary.search && (
          <div aria-live="polite">
            <ProgressBar value={summary.rows} max={null} label="Dry run progress" />
            <p className="muted">
              Checked {countWords(summary.checked, 'row')} so far
              {summary.checked > summary.rows && summary.rows === 0
                ? '; asking the account which already exist'
                : ''}
              …
            </p>
          </div>
        )}
        {running && summary.search && (
          <div aria-live="polite">
            <ProgressBar
              value={summary.search.done}
              max={Math.max(summary.search.total, summary.search.done)}
              label="Checking the rows against the account"
            />
            <p className="muted" data-testid="search-progress">
              {sentence(summary.search.cost)}. {searchDoneWords(summary.search)}
            </p>
          </div>
        )}
        {running && summary.waitingOnTrackops && (
          // Trackops silent while the rows are checked against it (its listing, a look-up): said, with
          // for how long and what comes next, instead of a count that no longer moves.
          <Notice kind="warn">{summary.waitingOnTrackops.message}.</Notice>
        )}
        {!running && summary.search?.result && (
          <p className="muted" data-testid="search-result">
            {sentence(summary.search.result)}.
          </p>
        )}
        {summary.state === 'failed' && summary.error && <Notice kind="error">{summary.error.message}</Notice>}
        {roundTrip && (
          <RoundTripHeading exportedAt={roundTrip.exportedAt} exportedFrom={roundTrip.exportedFrom} />
        )}
        {summary.roundTrip && <RoundTripCounts view={summary.roundTrip} label="Round trip counts" />}
        <MappingProblems
          problems={summary.mappingProblems}
          labelOf={fixes.labelOf}
          onSetConstant={fixes.onSetConstant}
          onEditMapping={onBack}
        />
        {!running &&
          !roundTrip &&
          summary.dateOrderChoices?.map((choice) => (
            <DateOrderFix
              key={choice.column}
              choice={choice}
              onDateFormat={fixes.onDateFormat}
              busy={fixes.rerunning}
            />
          ))}
        {/* A round trip's rows are its edited rows: its own counts above say what each is. */}
        <div className="stats" aria-live="polite" style={roundTrip ? { display: 'none' } : undefined}>
          <div className="stat">
            <span className="n">{summary.rows.toLocaleString()}</span>
            <span className="l">rows</span>
          </div>
          <div className="stat ok">
            <span className="n">{summary.valid.toLocaleString()}</span>
            <span className="l">ready to send</span>
          </div>
          {summary.sentEarlier ? (
            <div
              className="stat"
              title="Your earlier send of this file with this mapping created them: they are in Trackops, and sending again does not send them twice."
            >
              <span className="n">{summary.sentEarlier.toLocaleString()}</span>
              <span className="l">already sent earlier</span>
            </div>
          ) : null}
          {summary.alreadyDone ? (
            <div
              className="stat"
              title="This is a results file: its _status and _id columns say an earlier run wrote these rows, so sending it does not send them again."
            >
              <span className="n">{summary.alreadyDone.toLocaleString()}</span>
              <span className="l">already done earlier</span>
            </div>
          ) : null}
          <div className="stat bad">
            <span className="n">{summary.invalid.toLocaleString()}</span>
            <span className="l">with errors</span>
          </div>
          <div className="stat">
            <span className="n">{summary.skippedBlank.toLocaleString()}</span>
            <span className="l">blank rows skipped</span>
          </div>
          <div className="stat left-out" title={leftOutWords(summary)}>
            <span className="n">{summary.skipped.toLocaleString()}</span>
            <span className="l">left out (never sent)</span>
          </div>
        </div>
        {summary.hidden && <Notice kind="warn">{summary.hidden}</Notice>}
        {summary.keptFixes && <Notice kind="info">{summary.keptFixes}</Notice>}
        <div className="row" style={{ marginBottom: 10 }}>
          <label className="check">
            <input
              type="checkbox"
              checked={onlyErrors}
              onChange={(event) => setOnlyErrors(event.target.checked)}
            />
            Show only rows with errors
          </label>
          <span className="spacer" />
          <DownloadButtons
            label="Download the report:"
            formats={ALL_FORMATS}
            onDownload={download}
            disabled={running || report.busy}
          />
        </div>
        {saved && <Notice kind="ok">{saved}</Notice>}
        {report.error && <Notice kind="error">{report.error}</Notice>}
        {summary.changes && (
          <p className="change-summary" aria-live="polite">
            <strong>{sentence(summary.changes.line)}.</strong>{' '}
            {summary.changes.blank && <span className="muted">{summary.changes.blank}</span>}
          </p>
        )}
        {summary.changes?.createOnly && <Notice kind="info">{summary.changes.createOnly}.</Notice>}
        {summary.changes?.constants && <Notice kind="warn">{summary.changes.constants}.</Notice>}
        <RowGrid
          ref={grid}
          runId={summary.runId}
          headers={summary.headers}
          onlyErrors={onlyErrors}
          version={version}
          selected={selected}
          onSelect={setSelected}
          patched={patched}
          emptyWords={
            running
              ? 'No rows to show yet.'
              : // The grid of a round trip holds its edited rows only: none means nothing to send.
                roundTrip
                ? 'No row of this file was edited since the export: there is nothing to send.'
                : 'No rows to show.'
          }
        />
        {roundTrip ? (
          <p className="muted small" style={{ marginTop: 6 }}>
            These are the rows with edited cells. Click a row to see what it would change, or why it is not
            sent. Rows of a round-trip export are not fixed here: edit the file, save it and choose it again.
          </p>
        ) : (
          <p className="muted small" style={{ marginTop: 6 }}>
            Click a row (or use the arrow keys in the grid) to see its errors and fix them here; the row is
            checked again at once. Fixes apply to this import only; download the report to correct the file
            itself.
          </p>
        )}
        <p className="muted small fix-outcome" role="status" aria-live="polite">
          {fixOutcome}
        </p>
        <div ref={rowDetail} className="row-detail">
          {selected && (
            <FixPanel
              runId={summary.runId}
              headers={summary.headers}
              row={selected}
              onFixed={(row, next, others, fix) => {
                fixes.onCellFixed(row.row, fix.column, fix.value);
                // Rows sharing the fixed row's in-file key may have changed with it (issue 13).
                setPatched((current) => {
                  const patches = new Map(current).set(row.row, row);
                  for (const other of others) patches.set(other.row, other);
                  return patches;
                });
                setSelected(row);
                onSummary(next);
                void afterFix(row, next);
              }}
              onDecimal={fixes.onDecimal}
              orderColumns={summary.dateOrderChoices?.map((choice) => choice.column) ?? []}
              busy={fixes.rerunning}
              readOnly={roundTrip !== null}
            />
          )}
          {selected && !running && !roundTrip && (
            <RowLeaveOut
              runId={summary.runId}
              row={selected}
              onChanged={({ row, summary: next, also }: CellFixed, leave) => {
                // Rows with the same key were checked again with it (no longer, or now, duplicates).
                setPatched((current) => {
                  const patchedRows = new Map(current).set(row.row, row);
                  for (const other of also ?? []) patchedRows.set(other.row, other);
                  return patchedRows;
                });
                setSelected(row);
                onSummary(next);
                fixes.onRowLeftOut(row.row, leave);
              }}
            />
          )}
        </div>
      </section>
      <div className="actions">
        <button className="btn" onClick={onBack}>
          {roundTrip ? 'Choose another file' : 'Back to mapping'}
        </button>
        <button
          ref={nextButton}
          className="btn primary"
          onClick={onNext}
          disabled={running || summary.valid === 0 || nextBlocked}
        >
          Next: send {summary.valid.toLocaleString()} valid {summary.valid === 1 ? 'row' : 'rows'}
        </button>
      </div>
    </div>
  );
}

/** "1 request would change: …" → "1 request would change: …" with a capital, as a sentence starts. */
function sentence(text: string): string {
  return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function FixPanel({
  runId,
  headers,
  row,
  onFixed,
  onDecimal,
  orderColumns,
  busy,
  readOnly,
}: {
  readOnly: boolean;
  /** Date columns whose order is asked once above the grid (DateOrderFix). */
  orderColumns: string[];
  runId: string;
  headers: string[];
  row: GridRow;
  onFixed: (
    row: GridRow,
    summary: DryRunSummary,
    also: GridRow[],
    fix: { column: string; value: string },
  ) => void;
  onDecimal: (column: string, decimal: '.' | ',') => void;
  busy: boolean;
}) {
  const action = useAction();
  const [edits, setEdits] = useState<Record<string, string>>({});
  useEffect(() => setEdits({}), [row.row]);

  if (row.status === 'skipped') return null;
  const sent = sentEarlierText(row);
  if (sent) {
    return (
      <div className="notice ok" role="status" style={{ marginTop: 12 }}>
        Row {row.row}: {sent}
      </div>
    );
  }
  const done = row.status === 'valid' ? alreadyDoneText(row) : null;
  if (done) {
    return (
      <div className="notice ok" role="status" style={{ marginTop: 12 }}>
        Row {row.row}: {done}
      </div>
    );
  }
  if (row.status === 'valid') {
    return (
      <div className="notice ok" role="status" style={{ marginTop: 12 }}>
        Row {row.row} is ready to send.
        {row.action === 'unchanged' && ' Trackops already holds its values: it would change nothing.'}
        {row.notes && row.notes.length > 0 && (
          <ul className="change-list" aria-label={`Notes on row ${row.row}`}>
            {row.notes.map((note, index) => (
              <li key={index}>
                {note.column ? <strong>{note.column}: </strong> : null}
                {note.message}
              </li>
            ))}
          </ul>
        )}
        {row.changes && row.changes.length > 0 && (
          <ul className="change-list" aria-label={`What row ${row.row} would change`}>
            {row.changes.map((change, index) => (
              <li key={index}>
                {change.label}: <del>{change.old || '(empty)'}</del> → <ins>{change.new || '(empty)'}</ins>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  // A problem of the mapping is shown once above the grid, with its fix; here only the row's own.
  const own = cellProblems(row);
  const fixable = readOnly
    ? []
    : own.filter((problem) => problem.column !== null && headers.includes(problem.column));
  const other = own.filter((problem) => !fixable.includes(problem));
  const apply = async (column: string) => {
    const value = edits[column] ?? row.cells[headers.indexOf(column)] ?? '';
    const fixed = await action.run(() =>
      call('fixCell', { runId, row: row.row, column, value, clock: screenClock() }),
    );
    if (fixed) onFixed(fixed.row, fixed.summary, fixed.also ?? [], { column, value });
  };
  return (
    <div className="fix-panel" role="region" aria-labelledby="fix-title">
      <h3 id="fix-title">{readOnly ? `Row ${row.row}: not sent` : `Row ${row.row}: fix and check again`}</h3>
      {fixable.map((problem, index) => {
        const column = problem.column ?? '';
        const current = row.cells[headers.indexOf(column)] ?? '';
        return (
          <div className="fix-line" key={`${column}-${index}`}>
            <strong>{column}</strong>
            <span className="problem-text">{problem.message}</span>
            <input
              type="text"
              aria-label={`New value for ${column} in row ${row.row}`}
              value={edits[column] ?? current}
              onChange={(event) => setEdits({ ...edits, [column]: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void apply(column);
              }}
            />
            <button className="btn primary" onClick={() => void apply(column)} disabled={action.busy}>
              Apply
            </button>
            {problem.code === 'ambiguous_number' && (
              <NumberFormatFix column={column} value={problem.value} onDecimal={onDecimal} busy={busy} />
            )}
            {problem.code === 'invalid_date' && orderColumns.includes(column) && (
              <span className="muted small" style={{ gridColumn: '2 / -1' }}>
                Or choose once, above the rows, whether {column}’s dates are month first or day first: every
                row is checked again.
              </span>
            )}
          </div>
        );
      })}
      {other.map((problem, index) => (
        <div className="fix-line" key={`other-${index}`}>
          <strong>{problem.column ?? problem.target ?? 'Row'}</strong>
          <span className="problem-text" style={{ gridColumn: 'span 3' }}>
            {problem.message}
          </span>
        </div>
      ))}
      {hasMappingProblem(row) && (
        <p className="muted small" style={{ margin: '6px 0 0' }}>
          This row also has the problem of the mapping shown above the rows.
        </p>
      )}
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </div>
  );
}

/** "2 by a first cell (TOTAL, …), 1 by the end marker, 1 by number" for the left-out count's tooltip. */
function leftOutWords(summary: DryRunSummary): string | undefined {
  const words = {
    whenFirstCellStartsWith: 'by their first cell (totals, footers)',
    whenBlank: 'with blank key columns',
    after: 'at or below the end marker',
    rows: 'left out by number',
    repeatedHeader: 'repeating the header (two exports pasted together)',
  } as const;
  const parts = (Object.keys(words) as (keyof typeof words)[])
    .filter((rule) => summary.skippedByRule[rule])
    .map((rule) => `${summary.skippedByRule[rule]} ${words[rule]}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** "12 of 60 pages read so far…", "3 of 20 look-ups done so far…". */
function searchDoneWords(search: NonNullable<DryRunSummary['search']>): string {
  const total = Math.max(search.total, search.done);
  const unit = `${search.unit}${total === 1 ? '' : 's'}`;
  const verb = search.unit === 'page' ? 'read' : 'done';
  return `${search.done.toLocaleString()} of ${total.toLocaleString()} ${unit} ${verb} so far…`;
}
