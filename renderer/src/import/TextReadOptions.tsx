import { useState } from 'react';

export interface QuoteChoice {
  /** Undefined: the default (a double quote, doubled inside a field). */
  quote: string | undefined;
  escape: string | undefined;
}

/**
 * "Advanced" for delimited text: the character that quotes fields and the one written before a quote
 * inside a field (the mapping's `source.quote` / `source.escape`, docs/mapping.md), then the file is
 * read again with them. Open by itself when the file was refused for quotes that do not pair up.
 */
export function QuoteOptions({
  current,
  open,
  busy,
  onRead,
}: {
  current: QuoteChoice;
  open: boolean;
  busy: boolean;
  onRead: (choice: QuoteChoice) => void;
}) {
  const [quote, setQuote] = useState(current.quote ?? '');
  const [escape, setEscape] = useState(current.escape ?? '');
  return (
    <details
      className="advanced quotes"
      open={open || current.quote !== undefined || current.escape !== undefined}
    >
      <summary>Advanced: how the text file quotes its fields</summary>
      <div className="row" style={{ alignItems: 'flex-end', marginTop: 8 }}>
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
        <button
          className="btn"
          disabled={busy}
          onClick={() => onRead({ quote: quote || undefined, escape: escape || undefined })}
        >
          Read the file again
        </button>
      </div>
      <p className="muted small" style={{ marginTop: 6 }}>
        Most files quote with <code>"</code> and write a quote inside a field as <code>""</code>: leave both
        empty. A file that quotes with <code>'</code> needs <code>'</code> as the quote character; one that
        writes <code>\"</code> needs <code>\</code> as the escape character. Saved with the mapping.
      </p>
    </details>
  );
}
