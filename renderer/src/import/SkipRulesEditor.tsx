import { useState } from 'react';
import type { MappingDoc, SkipRules } from './mapping-doc.ts';
import { withSkip } from './mapping-doc.ts';

type RuleKind = 'startsWith' | 'after' | 'blank';

/**
 * "Rows that are not data": the mapping's `skip` rules (docs/mapping.md). The suggestion proposes them
 * for a footer (TOTAL, Confidential, *** END OF REPORT ***); a person checks, edits or removes them
 * here. Rows left out by number in the dry run are listed too: they belong to this file, so a saved
 * template keeps the rules but not the numbers.
 */
export function SkipRulesEditor({
  headers,
  doc,
  onDoc,
}: {
  headers: string[];
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
}) {
  const skip = doc.skip ?? {};
  const [kind, setKind] = useState<RuleKind>('startsWith');
  const [text, setText] = useState('');
  const [column, setColumn] = useState(headers[0] ?? '');
  const set = (next: SkipRules) => onDoc(withSkip(doc, next));
  const prefixes = skip.whenFirstCellStartsWith ?? [];
  const blanks = skip.whenBlank ?? [];
  const add = () => {
    if (kind === 'blank') {
      if (column && !blanks.includes(column)) set({ ...skip, whenBlank: [...blanks, column] });
    } else {
      const value = text.trim();
      if (!value) return;
      if (kind === 'after') set({ ...skip, after: value });
      else if (!prefixes.some((known) => known.toLowerCase() === value.toLowerCase()))
        set({ ...skip, whenFirstCellStartsWith: [...prefixes, value] });
      setText('');
    }
  };
  const hasRules = prefixes.length > 0 || blanks.length > 0 || skip.after !== undefined;

  return (
    <fieldset aria-labelledby="skip-title">
      <legend id="skip-title">Rows that are not data</legend>
      <p className="muted small">
        Totals, footers and notes under the table are left out: never checked, never sent, listed as “left
        out” in the dry run. Saved templates keep these rules for the next file.
      </p>
      {hasRules ? (
        <ul className="skip-rules" aria-label="Rules that leave rows out">
          {prefixes.map((prefix, index) => (
            <li key={`p${index}`} className="skip-rule">
              <span>A row whose first cell starts with</span>
              <input
                type="text"
                aria-label={`Leave out rows starting with (rule ${index + 1})`}
                value={prefix}
                onChange={(event) =>
                  set({
                    ...skip,
                    whenFirstCellStartsWith: prefixes.map((known, at) =>
                      at === index ? event.target.value : known,
                    ),
                  })
                }
              />
              <button
                className="btn danger"
                aria-label={`Remove the rule: rows starting with “${prefix}”`}
                onClick={() =>
                  set({ ...skip, whenFirstCellStartsWith: prefixes.filter((_, at) => at !== index) })
                }
              >
                Remove
              </button>
            </li>
          ))}
          {skip.after !== undefined && (
            <li className="skip-rule">
              <span>The row that reads</span>
              <input
                type="text"
                aria-label="Leave out this row and every row below it"
                value={skip.after}
                onChange={(event) => set({ ...skip, after: event.target.value })}
              />
              <span>and every row below it</span>
              <button
                className="btn danger"
                aria-label={`Remove the rule: everything from “${skip.after}” down`}
                onClick={() => {
                  const { after: _after, ...rest } = skip;
                  set(rest);
                }}
              >
                Remove
              </button>
            </li>
          )}
          {blanks.length > 0 && (
            <li className="skip-rule">
              <span>
                A row whose {blanks.map((name) => `“${name}”`).join(' and ')}{' '}
                {blanks.length > 1 ? 'are' : 'is'} blank
              </span>
              <button
                className="btn danger"
                aria-label="Remove the rule: rows with blank columns"
                onClick={() => set({ ...skip, whenBlank: [] })}
              >
                Remove
              </button>
            </li>
          )}
        </ul>
      ) : (
        <p className="muted small">No rule: every row under the header is data.</p>
      )}
      {skip.rows && skip.rows.length > 0 && (
        <p className="small" role="note">
          Left out by number in the dry run: {skip.rows.length === 1 ? 'row' : 'rows'} {skip.rows.join(', ')}.{' '}
          <span className="muted">For this file only: a saved template does not keep row numbers.</span>{' '}
          <button className="link" onClick={() => set({ ...skip, rows: [] })}>
            Bring them all back
          </button>
        </p>
      )}
      <div className="row skip-add" role="group" aria-label="Add a rule that leaves rows out">
        <label className="field">
          <span>Add a rule</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as RuleKind)}>
            <option value="startsWith">First cell starts with…</option>
            <option value="after">Everything from the row that reads…</option>
            <option value="blank">A column is blank…</option>
          </select>
        </label>
        {kind === 'blank' ? (
          <label className="field">
            <span>Column</span>
            <select value={column} onChange={(event) => setColumn(event.target.value)}>
              {headers.map((header) => (
                <option key={header}>{header}</option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            <span>{kind === 'after' ? 'The row’s first cell' : 'Words'}</span>
            <input
              type="text"
              value={text}
              placeholder={kind === 'after' ? 'e.g. *** END OF REPORT ***' : 'e.g. TOTAL'}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') add();
              }}
            />
          </label>
        )}
        <button className="btn" onClick={add} disabled={kind !== 'blank' && !text.trim()}>
          Add rule
        </button>
      </div>
    </fieldset>
  );
}
