import { useState } from 'react';
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
    // No row read like column names: the Header row box reads the file from the row typed in it.
    const headerless = source.refused?.code === 'no_header';
    return (
      <div>
        <section className="card" aria-labelledby="sheet-title">
          <div className="card-head">
            <h2 id="sheet-title">The file could not be read as it is</h2>
            <span className="muted">{source.fileName}</span>
          </div>
          {source.refused && <Notice kind="error">{source.refused.message}</Notice>}
          <p>
            {headerless && source.format === 'xlsx' ? (
              <>
                <strong>What to try:</strong>{' '}
                {source.sheets.filter((sheet) => !sheet.hidden).length > 1
                  ? 'choose the sheet that holds the referrals, type'
                  : 'type'}{' '}
                the number of the row that holds its column names in the <strong>Header row</strong> box
                below, and read the file from it.{' '}
              </>
            ) : headerless ? (
              <>
                <strong>What to try:</strong> if the column names are in a row not taken for them, type its
                number in the <strong>Header row</strong> box below and read the file from it. If its columns
                are split by another character (a comma, a semicolon, a tab…), choose it under{' '}
                <strong>Advanced</strong> below and read the file again.{' '}
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
          {headerless && (
            <HeaderRowChoice
              sheets={source.sheets.filter((sheet) => !sheet.hidden).map((sheet) => sheet.name)}
              busy={busy}
              onRead={onChange}
            />
          )}
          {source.format === 'csv' && textOptions}
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
            {preview.headerRowGiven
              ? `The column names are read from row ${preview.headerRow}, as you chose; rows above it are ignored.`
              : `We found the column names in row ${preview.headerRow}; rows above it are ignored.`}
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

/**
 * The Header row box of a file refused for having no header row (and a workbook's sheet, when it has
 * several): the refusal names it (main's APP_READING_WAYS). Read when asked, not at each key typed:
 * until a row reads, there is no preview to show the row being typed.
 */
function HeaderRowChoice({
  sheets,
  busy,
  onRead,
}: {
  sheets: string[];
  busy: boolean;
  onRead: (choice: SheetStepChoice) => void;
}) {
  const [sheet, setSheet] = useState(sheets[0] ?? '');
  const [headerRow, setHeaderRow] = useState('');
  const row = Number(headerRow);
  const valid = Number.isInteger(row) && row >= 1;
  return (
    <div className="row" style={{ marginBottom: 12, alignItems: 'flex-end' }}>
      {sheets.length > 1 && (
        <label className="field">
          <span>Sheet</span>
          <select value={sheet} onChange={(event) => setSheet(event.target.value)} disabled={busy}>
            {sheets.map((name) => (
              <option key={name} value={name}>
                {name}
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
          value={headerRow}
          onChange={(event) => setHeaderRow(event.target.value)}
          disabled={busy}
          style={{ width: 100 }}
        />
      </label>
      <button
        className="btn"
        disabled={busy || !valid}
        onClick={() => onRead({ ...(sheets.length > 1 ? { sheet } : {}), headerRow: row })}
      >
        Read from this row
      </button>
    </div>
  );
}
