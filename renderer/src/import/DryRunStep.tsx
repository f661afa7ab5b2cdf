import { useEffect, useState } from 'react';
import type { DryRunSummary, GridRow } from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { finishSave } from '../components/save-file.ts';
import { useAction } from '../components/use-action.ts';
import { RowGrid } from './RowGrid.tsx';

export function DryRunStep({
  summary,
  onSummary,
  onBack,
  onNext,
}: {
  summary: DryRunSummary;
  onSummary: (summary: DryRunSummary) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [selected, setSelected] = useState<GridRow | null>(null);
  const [patched, setPatched] = useState(new Map<number, GridRow>());
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const report = useAction();
  const running = summary.state === 'running';

  // Rows arrive while the run goes; reload the grid when it finishes.
  useEffect(() => {
    if (!running) setVersion((value) => value + 1);
  }, [running]);

  const download = async (format: 'xlsx' | 'csv' | 'json') => {
    setSaved(null);
    const file = await report.run(() => call('saveReport', { runId: summary.runId, format }));
    if (file) setSaved(finishSave(file));
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
        {running && (
          <div aria-live="polite">
            <ProgressBar value={summary.rows} max={null} label="Dry run progress" />
            <p className="muted">
              Checked {summary.checked.toLocaleString()} rows so far
              {summary.checked > summary.rows && summary.rows === 0
                ? '; asking the account which already exist'
                : ''}
              …
            </p>
          </div>
        )}
        {summary.state === 'failed' && summary.error && <Notice kind="error">{summary.error.message}</Notice>}
        <div className="stats" aria-live="polite">
          <div className="stat">
            <span className="n">{summary.rows.toLocaleString()}</span>
            <span className="l">rows</span>
          </div>
          <div className="stat ok">
            <span className="n">{summary.valid.toLocaleString()}</span>
            <span className="l">ready to send</span>
          </div>
          <div className="stat bad">
            <span className="n">{summary.invalid.toLocaleString()}</span>
            <span className="l">with errors</span>
          </div>
          <div className="stat">
            <span className="n">{summary.skippedBlank.toLocaleString()}</span>
            <span className="l">blank rows skipped</span>
          </div>
        </div>
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
          <span className="muted small">Download the report:</span>
          <button className="btn" onClick={() => void download('xlsx')} disabled={running || report.busy}>
            Excel
          </button>
          <button className="btn" onClick={() => void download('csv')} disabled={running || report.busy}>
            CSV
          </button>
          <button className="btn" onClick={() => void download('json')} disabled={running || report.busy}>
            JSON
          </button>
        </div>
        {saved && <Notice kind="ok">{saved}</Notice>}
        {report.error && <Notice kind="error">{report.error}</Notice>}
        <RowGrid
          runId={summary.runId}
          headers={summary.headers}
          onlyErrors={onlyErrors}
          version={version}
          selected={selected}
          onSelect={setSelected}
          patched={patched}
        />
        <p className="muted small" style={{ marginTop: 6 }}>
          Click a row (or use the arrow keys in the grid) to see its errors and fix them here; the row is
          checked again at once. Fixes apply to this import only; download the report to correct the file
          itself.
        </p>
        {selected && (
          <FixPanel
            runId={summary.runId}
            headers={summary.headers}
            row={selected}
            onFixed={(row, next, others) => {
              // Rows sharing the fixed row's in-file key may have changed with it (issue 13).
              setPatched((current) => {
                const patches = new Map(current).set(row.row, row);
                for (const other of others) patches.set(other.row, other);
                return patches;
              });
              setSelected(row);
              onSummary(next);
            }}
          />
        )}
      </section>
      <div className="actions">
        <button className="btn" onClick={onBack}>
          Back to mapping
        </button>
        <button className="btn primary" onClick={onNext} disabled={running || summary.valid === 0}>
          Next: send {summary.valid.toLocaleString()} valid rows
        </button>
      </div>
    </div>
  );
}

function FixPanel({
  runId,
  headers,
  row,
  onFixed,
}: {
  runId: string;
  headers: string[];
  row: GridRow;
  onFixed: (row: GridRow, summary: DryRunSummary, others: GridRow[]) => void;
}) {
  const action = useAction();
  const [edits, setEdits] = useState<Record<string, string>>({});
  useEffect(() => setEdits({}), [row.row]);

  if (row.status === 'valid') {
    return (
      <div className="notice ok" role="status" style={{ marginTop: 12 }}>
        Row {row.row} is ready to send.
      </div>
    );
  }
  const fixable = row.problems.filter(
    (problem) => problem.column !== null && headers.includes(problem.column),
  );
  const other = row.problems.filter((problem) => !fixable.includes(problem));
  const apply = async (column: string) => {
    const value = edits[column] ?? row.cells[headers.indexOf(column)] ?? '';
    const fixed = await action.run(() => call('fixCell', { runId, row: row.row, column, value }));
    if (fixed) onFixed(fixed.row, fixed.summary, fixed.others);
  };
  return (
    <div className="fix-panel" aria-labelledby="fix-title">
      <h3 id="fix-title">Row {row.row}: fix and check again</h3>
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
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </div>
  );
}
