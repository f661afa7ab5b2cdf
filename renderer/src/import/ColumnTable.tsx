import type { MappingDraft, SheetPreview, TargetHelp } from '../../../main/bridge/contract.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { withValues } from './mapping-doc.ts';
import { MissingFieldNote } from './MissingFieldNote.tsx';
import { missingField } from './missing-field.ts';
import { TargetPicker } from './TargetPicker.tsx';
import { ValueMap } from './ValueMap.tsx';

/** Each column of the file with its Trackops field, and the options that field needs (date format, values). */
export function ColumnTable({
  preview,
  draft,
  targets,
  doc,
  onDoc,
  onPick,
}: {
  preview: SheetPreview;
  draft: MappingDraft;
  targets: TargetHelp[];
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
  /** A field picked for a column (null: not imported): the wizard gives it the options it needs. */
  onPick: (column: string, chosen: TargetHelp | null) => void;
}) {
  // Columns that share a field, by field: said next to each picker before any check (explore 30 item
  // 3: the dry run refused them afterwards, in words naming nothing on screen).
  const columnsOf = new Map<string, string[]>();
  for (const entry of doc.columns)
    columnsOf.set(entry.target, [...(columnsOf.get(entry.target) ?? []), entry.column]);
  return (
    <div className="table-wrap" style={{ maxHeight: 'none', overflow: 'visible' }}>
      <table className="plain mapping-table">
        <thead>
          <tr>
            <th scope="col">Column in your file</th>
            <th scope="col">Trackops field</th>
          </tr>
        </thead>
        <tbody>
          {preview.headers.map((header) => {
            const entry = doc.columns.find((column) => column.column === header);
            const target = entry ? targets.find((candidate) => candidate.target === entry.target) : undefined;
            const samples = (draft.columnValues[header] ?? []).slice(0, 3).map(sampleText);
            const missing = entry && !target ? missingField(header, entry.target, targets, draft, doc) : null;
            return (
              <tr key={header}>
                <td className="src">
                  {header}
                  {samples.length > 0 && (
                    <div className="sample" title={samples.map((sample) => sample.whole).join('\n')}>
                      e.g. {samples.map((sample) => sample.shown).join(' · ')}
                    </div>
                  )}
                </td>
                <td>
                  <TargetPicker
                    label={`Field for column ${header}`}
                    targets={targets}
                    value={entry?.target ?? ''}
                    onChange={(chosen) => onPick(header, chosen)}
                    unlisted={
                      missing
                        ? {
                            shown: `${missing.shown}${missing.problem ? ' — not in the account' : ''}`,
                            invalid: missing.problem !== null,
                          }
                        : null
                    }
                  />
                  {missing && (
                    <MissingFieldNote
                      header={header}
                      missing={missing}
                      onPick={(chosen) => onPick(header, chosen)}
                    />
                  )}
                  {doc.columns
                    .filter((other) => other.column === header && other !== entry)
                    .map((other) => (
                      <AlsoGoesTo
                        key={other.target}
                        header={header}
                        field={targets.find((candidate) => candidate.target === other.target)}
                        target={other.target}
                        onStop={() =>
                          onDoc({
                            ...doc,
                            columns: doc.columns.filter((column) => column !== other),
                          })
                        }
                      />
                    ))}
                  {entry && (columnsOf.get(entry.target)?.length ?? 0) > 1 && (
                    <div className="target-help warn" role="alert">
                      {sharedWords(header, columnsOf.get(entry.target)!, target)}
                    </div>
                  )}
                  {entry && target?.kind === 'date' && (
                    <label className="field" style={{ marginTop: 6, maxWidth: 320 }}>
                      <span>Date format of text dates</span>
                      <input
                        type="text"
                        // Named with its column: a screen reader on the Columns step heard four boxes
                        // called "Date format of text dates" alike (explore 58 item 6).
                        aria-label={`Date format of text dates in ${header}`}
                        value={entry.dateFormat ?? ''}
                        placeholder="detected, e.g. MM/DD/YYYY"
                        onChange={(event) =>
                          onDoc({
                            ...doc,
                            columns: doc.columns.map((column) =>
                              column.column === header ? withDateFormat(column, event.target.value) : column,
                            ),
                          })
                        }
                      />
                    </label>
                  )}
                  {entry && target && target.choices.length > 0 && (
                    <ValueMap
                      header={header}
                      values={itemsOf(draft.columnValues[header] ?? [], entry.split)}
                      target={target}
                      valueKeys={draft.valueKeys}
                      mapped={entry.values ?? {}}
                      guessed={draft.mapping.columns.find((column) => column.column === header)?.values ?? {}}
                      onChange={(values) => onDoc(withValues(doc, header, values))}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A second field a template sends the same column to ("Carrier" to the client's name and to reference
 * 3): the picker shows one field a column, so the other was sent unseen, and dropped unsaid when a field
 * was picked. Shown under the picker, with a way to stop it.
 */
function AlsoGoesTo({
  header,
  field,
  target,
  onStop,
}: {
  header: string;
  field: TargetHelp | undefined;
  target: string;
  onStop: () => void;
}) {
  return (
    <div className="target-help warn" role="note" aria-label={`${header} also goes to`}>
      This column also goes to {field ? `${field.group} › ${field.label}` : target} (the template maps it to
      two fields).{' '}
      <button className="btn small" onClick={onStop}>
        Stop sending it there
      </button>
    </div>
  );
}

/** "Claimant 1 DOB also goes to Subject 1: Claimant › Date of Birth: …": the other columns on one field. */
function sharedWords(header: string, columns: string[], target: TargetHelp | undefined): string {
  const others = columns.filter((column) => column !== header).map((column) => `“${column}”`);
  const field = target ? `${target.group} › ${target.label}` : 'this field';
  return `${others.join(' and ')} also ${others.length === 1 ? 'goes' : 'go'} to ${field}: a field takes one column, so choose another field for one of them.`;
}

/** A list column's values are its items ("A; B" is A and B), as the import will read them. */
function itemsOf(values: string[], split: string | undefined): string[] {
  if (!split) return values;
  return [...new Set(values.flatMap((value) => value.split(split).map((item) => item.trim())))].filter(
    Boolean,
  );
}

/** The column with its text-date format set, or without one when the box is emptied (detected again). */
function withDateFormat<T extends { dateFormat?: string }>(column: T, value: string): T {
  const { dateFormat: _previous, ...rest } = column;
  return (value ? { ...rest, dateFormat: value } : rest) as T;
}

/** The most characters of a value shown as a column's example: a long e-mail address fits whole. */
const SAMPLE_CHARACTERS = 60;
/** The most of it in the tooltip: enough to recognise it, never a page of text. */
const SAMPLE_TOOLTIP_CHARACTERS = 500;

/**
 * A column's example value cut as the grid and the sheet preview cut theirs, with "…" (explore 11 item
 * 7: a 40,000-character cell shown whole made its row 22,500 px tall and pushed the rest of the mapping
 * and "Check every row" out of sight). Cut by characters, not UTF-16 units, so no emoji is split.
 */
export function sampleText(value: string): { shown: string; whole: string } {
  const characters = Array.from(value);
  const cut = (limit: number) =>
    characters.length > limit ? `${characters.slice(0, limit - 1).join('')}…` : value;
  return { shown: cut(SAMPLE_CHARACTERS), whole: cut(SAMPLE_TOOLTIP_CHARACTERS) };
}
