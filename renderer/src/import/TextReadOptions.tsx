import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';

/** How to read a text file, each as the person gave it; undefined: the default (quotes) or detected. */
export interface TextReadChoice {
  /** Undefined: a double quote, doubled inside a field. */
  quote: string | undefined;
  escape: string | undefined;
  /** Undefined: detected from the file. */
  delimiter: string | undefined;
  /** A WHATWG encoding name ("utf-8", "windows-1252", …); undefined: detected from the file. */
  encoding: string | undefined;
}

/** The delimiters offered by name (the CLI's `map` names them so too); any other is typed. */
const DELIMITERS = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe (|)' },
  { value: ':', label: 'Colon (:)' },
];
const OTHER = 'other';

/** The encodings the reader detects (docs/reading.md), and Mac OS Roman, by the names editors show. */
const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  // Not detected: a Windows-1252 guess mistakes it ("SŽan" for "Séan"), and the guess's note says to
  // choose it here, as the CLI's says --encoding macintosh.
  { value: 'macintosh', label: 'Mac OS Roman' },
];

/** "UTF-8", "Windows-1252", …; an encoding not offered here (a template's) as the reader names it. */
export function encodingLabel(encoding: string): string {
  return ENCODINGS.find((known) => known.value === encoding.toLowerCase())?.label ?? encoding;
}

/** The mapping's "tab" (or "\t" typed in a file) is the tab character the list offers. */
function delimiterCharacter(delimiter: string | undefined): string | undefined {
  return delimiter === 'tab' || delimiter === '\\t' ? '\t' : delimiter;
}

/**
 * "Advanced" for delimited text: the delimiter and encoding (detected unless chosen here), the
 * character that quotes fields and the one written before a quote inside a field (the mapping's
 * `source.delimiter` / `encoding` / `quote` / `escape`, docs/mapping.md), then the file is read again
 * with them. Open by itself when the file was refused for quotes that do not pair up, or when any of
 * them was given.
 */
export function TextReadOptions({
  current,
  open,
  busy,
  onRead,
}: {
  current: TextReadChoice;
  open: boolean;
  busy: boolean;
  onRead: (choice: TextReadChoice) => void;
}) {
  const given = delimiterCharacter(current.delimiter);
  const named = given === undefined || DELIMITERS.some((known) => known.value === given);
  const [delimiter, setDelimiter] = useState(given === undefined ? '' : named ? given : OTHER);
  const [otherDelimiter, setOtherDelimiter] = useState(named ? '' : (given ?? ''));
  const [encoding, setEncoding] = useState(current.encoding ?? '');
  const [quote, setQuote] = useState(current.quote ?? '');
  const [escape, setEscape] = useState(current.escape ?? '');
  const [missing, setMissing] = useState(false);
  const encodings =
    current.encoding === undefined || ENCODINGS.some((known) => known.value === current.encoding)
      ? ENCODINGS
      : [...ENCODINGS, { value: current.encoding, label: current.encoding }];
  const read = () => {
    const chosen = delimiter === OTHER ? otherDelimiter : delimiter;
    // "Another character" left empty is no choice at all: said here, not read as "detect".
    if (delimiter === OTHER && otherDelimiter === '') return setMissing(true);
    setMissing(false);
    onRead({
      quote: quote || undefined,
      escape: escape || undefined,
      delimiter: chosen || undefined,
      encoding: encoding || undefined,
    });
  };
  return (
    <details
      className="advanced quotes"
      open={open || Object.values(current).some((value) => value !== undefined)}
    >
      <summary>Advanced: how the text file is read</summary>
      <div className="row" style={{ alignItems: 'flex-end', marginTop: 8 }}>
        <label className="field">
          <span>Delimiter</span>
          <select value={delimiter} onChange={(event) => setDelimiter(event.target.value)}>
            <option value="">Detect</option>
            {DELIMITERS.map((known) => (
              <option key={known.label} value={known.value}>
                {known.label}
              </option>
            ))}
            <option value={OTHER}>Another character…</option>
          </select>
        </label>
        {delimiter === OTHER && (
          <label className="field">
            <span>Delimiter character</span>
            <input
              type="text"
              value={otherDelimiter}
              onChange={(event) => setOtherDelimiter(event.target.value)}
              style={{ width: 90 }}
            />
          </label>
        )}
        <label className="field">
          <span>Encoding</span>
          <select value={encoding} onChange={(event) => setEncoding(event.target.value)}>
            <option value="">Detect</option>
            {encodings.map((known) => (
              <option key={known.value} value={known.value}>
                {known.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Quote character</span>
          <input
            type="text"
            maxLength={1}
            value={quote}
            placeholder={'"'}
            onChange={(event) => setQuote(event.target.value)}
            style={{ width: 90 }}
          />
        </label>
        <label className="field">
          <span>Escape character</span>
          <input
            type="text"
            maxLength={1}
            value={escape}
            placeholder="none"
            onChange={(event) => setEscape(event.target.value)}
            style={{ width: 90 }}
          />
        </label>
        <button className="btn" disabled={busy} onClick={read}>
          Read the file again
        </button>
      </div>
      {missing && (
        <Notice kind="error">
          Type the character that separates the columns, or choose a delimiter from the list.
        </Notice>
      )}
      <p className="muted small" style={{ marginTop: 6 }}>
        Leave the delimiter and encoding on <strong>Detect</strong> unless the columns or letters of the
        preview look wrong: a file from Excel in Europe is often semicolon-separated, an older one
        Windows-1252. Most files quote with <code>"</code> and write a quote inside a field as <code>""</code>
        : leave both empty. A file that quotes with <code>'</code> needs <code>'</code> as the quote
        character; one that writes <code>\"</code> needs <code>\</code> as the escape character. Saved with
        the mapping.
      </p>
    </details>
  );
}
