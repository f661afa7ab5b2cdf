import type { SheetPreview, SourceView } from '../../../main/bridge/contract.ts';
import { Notice } from '../components/Notice.tsx';
import { SheetChoiceNote, sheetOptionText } from './SheetChoiceNote.tsx';
import { ReadingNotes } from './ReadingNotes.tsx';
import { TextReadOptions, type TextReadChoice } from './TextReadOptions.tsx';

export type SheetStepChoice = { sheet?: string; headerRow?: number } & Partial<TextReadChoice>;

/** Sheet and header-row picker: the top of the sheet as it is, the chosen header row highlighted. */
export function SheetStep({
  source,
  preview,
  onChange,
  busy,
  onBack,
  onNext,
}: {
  source: SourceView;
  /** Null while a text file is refused as it is (quotes that do not pair up). */
  preview: SheetPreview | null;
  onChange: (choice: SheetStepChoice) => void;
  busy: boolean;
  onBack: () => void;
  onNext: () => void;
}) {
  const textOptions = (
    <TextReadOptions
      key={[preview?.quote, preview?.escape, preview?.delimiter, preview?.encoding].join('|')}
      current={{
        quote: preview?.quote,
        escape: preview?.escape,
        delimiter: preview?.delimiter,
        encoding: preview?.encoding,
      }}
      open={preview === null}
      busy={busy}
      onRead={(choice) => onChange({ ...(preview?.sheet ? { sheet: preview.sheet } : {}), ...choice })}
    />
  );
  if (preview === null) {
    return (
      <div>
        <section className="card" aria-labelledby="sheet-title">
          <div className="card-head">
            <h2 id="sheet-title">The file could not be read as it is</h2>
            <span className="muted">{source.fileName}</span>
          </div>
          {source.refused && <Notice kind="error">{source.refused.message}</Notice>}
          <p>
            {source.refused?.code === 'no_header' ? (
              <>
                <strong>What to try:</strong> choose the character that splits its columns (a comma, a
                semicolon, a tab…) under <strong>Advanced</strong> below and read the file again.{' '}
              </>
            ) : source.refused?.message.includes('escape character') ? (
              <>
                <strong>What to try:</strong> this file seems to write <code>\"</code> for a quote inside a
                field. Under <strong>Advanced</strong> below, type <code>\</code> as the escape character and
                read the file again.{' '}
              </>
            ) : (
              <>
                <strong>What to try:</strong> if the file quotes its fields with another character (such as{' '}
                <code>'</code>), or writes <code>\"</code> for a quote inside a field, say so under{' '}
                <strong>Advanced</strong> below and read the file again.{' '}
              </>
            )}
            If the file is damaged, correct it (in Excel or a text editor) and choose it again.
          </p>
          {textOptions}
        </section>
        <div className="actions">
          <button className="btn" onClick={onBack}>
            Back
          </button>
          <button className="btn primary" disabled>
            Next: match columns
          </button>
        </div>
      </div>
    );
  }
  const width = Math.max(preview.headers.length, ...preview.topRows.map((row) => row.cells.length));
  const columns = Array.from({ length: Math.min(width, 30) }, (_, index) => index);
  return (
    <div>
      <section className="card" aria-labelledby="sheet-title">
        <div className="card-head">
          <h2 id="sheet-title">Which sheet and which row holds the column names?</h2>
          <span className="muted">{source.fileName}</span>
        </div>
        <SheetChoiceNote source={source} shown={preview.sheet} />
        <ReadingNotes preview={preview} />
        <div className="row" style={{ marginBottom: 12, alignItems: 'flex-end' }}>
          {source.sheets.length > 0 && (
            <label className="field">
              <span>Sheet</span>
              <select
                value={preview.sheet ?? ''}
                onChange={(event) => onChange({ sheet: event.target.value })}
                disabled={busy}
              >
                {source.sheets.map((sheet) => (
                  <option key={sheet.name} value={sheet.name}>
                    {sheetOptionText(sheet)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Header row</span>
            <input
              type="number"
              min={1}
              max={1000}
              value={preview.headerRow}
              onChange={(event) => {
                const headerRow = Number(event.target.value);
                if (headerRow >= 1) onChange({ sheet: preview.sheet ?? undefined, headerRow });
              }}
              disabled={busy}
              style={{ width: 100 }}
            />
          </label>
          <span className="muted small" style={{ paddingBottom: 8 }}>
            We found the column names in row {preview.headerRow}; rows above it are ignored.
          </span>
        </div>
        {source.format === 'csv' && textOptions}
        <h3>Top of the sheet</h3>
        <div className="table-wrap" style={{ maxHeight: 220 }}>
          <table className="plain" aria-label="Top rows of the sheet">
            <tbody>
              {preview.topRows.map((row) => (
                <tr key={row.row} className={row.row === preview.headerRow ? 'header-row' : undefined}>
                  <td className="rownum">{row.row}</td>
                  {columns.map((index) => (
                    <td key={index}>{row.cells[index] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 style={{ marginTop: 16 }}>First rows under the header</h3>
        {preview.rows.length === 0 ? (
          <div className="empty">There are no data rows under row {preview.headerRow}.</div>
        ) : (
          <div className="table-wrap">
            <table className="plain" aria-label="Preview of the data rows">
              <thead>
                <tr>
                  <th className="rownum">Row</th>
                  {preview.headers.map((header) => (
                    <th key={header} scope="col">
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.row}>
                    <td className="rownum">{row.row}</td>
                    {preview.headers.map((header, index) => (
                      <td key={header}>{row.cells[index] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div className="actions">
        <button className="btn" onClick={onBack}>
          Back
        </button>
        <button className="btn primary" onClick={onNext} disabled={busy || preview.rows.length === 0}>
          {busy ? 'Reading the file…' : 'Next: match columns'}
        </button>
      </div>
    </div>
  );
}
