import { useMemo, useState } from 'react';
import type { Mapping, MappingDraft, SheetPreview, TargetHelp } from '../../../main/bridge/contract.ts';
import { ColumnTable } from './ColumnTable.tsx';
import { ConstantsEditor } from './ConstantsEditor.tsx';
import { ImportModeChoice } from './ImportModeChoice.tsx';
import type { MappingDoc } from './mapping-doc.ts';
import { subjectTypeOf } from './mapping-doc.ts';
import { missingField } from './missing-field.ts';
import { SkipRulesEditor } from './SkipRulesEditor.tsx';
import { SubjectGroups } from './SubjectGroups.tsx';
import { TemplatesCard, type TemplateRead } from './TemplatesCard.tsx';
import { AbsentColumns } from './AbsentColumns.tsx';

/** Case-level targets plus, for each declared subject group, that subject type's fields under "subjects.<n>.". */
function allTargets(draft: MappingDraft, doc: MappingDoc): TargetHelp[] {
  const subjectTargets = (doc.subjects ?? []).flatMap((group, index) => {
    const type = subjectTypeOf(draft.subjectTypes, group);
    if (!type) return [];
    return type.fields.map((field) => ({
      ...field,
      target: `subjects.${index}.${field.target}`,
      group: `Subject ${index + 1}: ${type.name}`,
    }));
  });
  return [...draft.targets, ...subjectTargets];
}

export function MappingStep({
  preview,
  draft,
  doc,
  onDoc,
  onPick,
  onLoadTemplate,
  onBack,
  onNext,
  busy,
  constantFor = null,
  fileName,
  closestOf,
}: {
  preview: SheetPreview;
  draft: MappingDraft;
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
  /** A field picked by hand for a column (ColumnTable's). */
  onPick: (column: string, chosen: TargetHelp | null) => void;
  /** A template in place of this mapping (the wizard reads a text file again as the template says). */
  onLoadTemplate: (mapping: Mapping) => Promise<TemplateRead | null>;
  onBack: () => void;
  onNext: () => void;
  busy: boolean;
  /** Opened from the dry run to give this field one value for every row. */
  constantFor?: string | null;
  /** The file's name, to say which columns of a template it lacks. */
  fileName: string;
  /** For each column a loaded template reads that the file lacks: the header it most likely is. */
  closestOf: Record<string, string | null>;
}) {
  const targets = useMemo(() => allTargets(draft, doc), [draft, doc]);
  // The suggestion's open questions are about the suggestion: a loaded template replaces them.
  const [showNotes, setShowNotes] = useState(true);
  // Columns of a template the file does not have: not imported (the dry run refuses the file while the
  // mapping reads them), so not counted, and listed to be read from another header or taken out.
  const absent = doc.columns.filter((entry) => !preview.headers.includes(entry.column));
  // The file's columns imported, each once however many fields a template sends it to.
  const mapped = new Set(
    doc.columns.filter((entry) => preview.headers.includes(entry.column)).map((entry) => entry.column),
  ).size;
  // Columns the mapping sends to a field the account does not have (a template's field deleted since):
  // said at the top, where a loaded template's effect is read, and on each column's row (ColumnTable).
  const gone = doc.columns.flatMap((entry) => {
    const missing = preview.headers.includes(entry.column)
      ? missingField(entry.column, entry.target, targets, draft, doc)
      : null;
    return missing?.problem ? [{ column: entry.column, missing }] : [];
  });
  // Values for every row aimed at such a field: refused on every row the same way (ConstantsEditor).
  const goneConstants = Object.keys(doc.constants ?? {}).flatMap((target) => {
    const missing = missingField(null, target, targets, draft, doc);
    return missing?.problem ? [{ target, missing }] : [];
  });
  const goneCount = gone.length + goneConstants.length;
  const typeOnly = gone.filter(({ missing }) => missing.groupType).length;

  return (
    <div>
      <section className="card" aria-labelledby="mapping-title">
        <div className="card-head">
          <h2 id="mapping-title">Match your columns to Trackops fields</h2>
          <span className="muted">
            {mapped} of {preview.headers.length} columns will be imported
            {gone.length > 0 &&
              ` · ${gone.length} ${gone.length === 1 ? 'goes' : 'go'} to a field the account does not have`}
          </span>
        </div>
        <p className="muted">
          We suggested a field for each column we recognised. Check each one; type in a box to search every
          field by name or description. Columns left empty are not imported.
        </p>
        <p className="muted small" aria-label="What the suggestion looked at">
          {sampleWords(preview, draft)}
        </p>
        <ImportModeChoice doc={doc} onDoc={onDoc} />
        {showNotes && draft.notes.filter((note) => note.level !== 'info').length > 0 && (
          <div className="notice warn" role="status">
            <strong>Please check:</strong>
            <ul className="notes-list">
              {draft.notes
                .filter((note) => note.level !== 'info')
                .map((note, index) => (
                  <li key={index}>{note.column ? `${note.column}: ${note.message}` : note.message}</li>
                ))}
            </ul>
          </div>
        )}
        {goneCount > 0 && (
          <div className="notice warn" role="alert" aria-label="Fields the account does not have">
            <strong>{goneTitle(gone.length, goneConstants.length)}</strong>
            <ul className="notes-list">
              {gone.map(({ column, missing }) => (
                <li key={column}>
                  “{column}” → {missing.shown}: {missing.problem}.
                </li>
              ))}
              {goneConstants.map(({ target, missing }) => (
                <li key={`constant ${target}`}>
                  Same value on every row → {missing.shown}: {missing.problem}.
                </li>
              ))}
            </ul>
            {/* A group's type to choose is said on its columns' lines, not as another field to choose. */}
            {gone.length + goneConstants.length > typeOnly &&
              goneAdvice(gone.length - typeOnly, goneConstants.length)}
          </div>
        )}
        {absent.length > 0 && (
          <AbsentColumns
            absent={absent}
            fileName={fileName}
            closestOf={closestOf}
            targets={targets}
            doc={doc}
            onDoc={onDoc}
          />
        )}
        <SubjectGroups draft={draft} doc={doc} onDoc={onDoc} />
        <ConstantsEditor draft={draft} targets={targets} doc={doc} onDoc={onDoc} preset={constantFor} />
        <SkipRulesEditor headers={preview.headers} doc={doc} onDoc={onDoc} />
        <ColumnTable
          preview={preview}
          draft={draft}
          targets={targets}
          doc={doc}
          onDoc={onDoc}
          onPick={onPick}
        />
      </section>

      <TemplatesCard
        doc={doc}
        onLoad={async (mapping) => {
          const loaded = await onLoadTemplate(mapping);
          if (loaded) setShowNotes(false);
          return loaded;
        }}
      />

      <div className="actions">
        <button className="btn" onClick={onBack}>
          Back
        </button>
        {mapped === 0 && (
          // Said next to the button, and tied to it for screen readers: a greyed button alone says nothing.
          <span id="dry-run-why" className="muted small">
            Choose a Trackops field for at least one column above (or load a template) to check the rows.
          </span>
        )}
        <button
          className="btn primary"
          onClick={onNext}
          disabled={mapped === 0 || busy}
          aria-describedby={mapped === 0 ? 'dry-run-why' : undefined}
          title={mapped === 0 ? 'No column is matched to a Trackops field yet' : undefined}
        >
          {busy ? 'Checking…' : 'Check every row (dry run)'}
        </button>
      </div>
    </div>
  );
}

/** "A column goes to a field the account does not have:", "2 columns go …", "A value for every row goes …". */
function goneTitle(columns: number, constants: number): string {
  const count = columns + constants;
  const what =
    constants === 0
      ? count === 1
        ? 'A column goes'
        : `${count} columns go`
      : columns === 0
        ? count === 1
          ? 'A value for every row goes'
          : `${count} values for every row go`
        : `${columns} ${columns === 1 ? 'column' : 'columns'} and ${constants} ${constants === 1 ? 'value' : 'values'} for every row go`;
  return `${what} to ${count === 1 ? 'a field' : 'fields'} the account does not have:`;
}

/** What to do about columns (and values for every row) aimed at fields the account does not have. */
function goneAdvice(columns: number, constants: number): string {
  const one = columns + constants === 1;
  if (constants === 0)
    return `Choose another field for ${one ? 'it' : 'each'} below, or leave ${one ? 'it' : 'them'} out: the dry run refuses every row that fills ${one ? 'it' : 'them'} as they are.`;
  if (columns === 0)
    return `Choose another field for ${one ? 'it' : 'each'} below, or remove ${one ? 'it' : 'them'}: the dry run refuses every row as ${one ? 'it is' : 'they are'}.`;
  return 'Choose another field for each below, or leave the columns out and remove the values: the dry run refuses the rows they touch as they are.';
}

/**
 * "Sheet "Referrals", header in row 3: values of 23 rows looked at" — the numbers the CLI's `map`
 * prints for the same file (core's sampleSheet: the first 2,000 rows, and how many there are).
 */
function sampleWords(preview: SheetPreview, draft: MappingDraft): string {
  const { rows, totalRows } = draft.sample;
  const looked =
    totalRows === null
      ? `values of the first ${rows.toLocaleString()} rows looked at; still reading the rest of the file (its row count, a footer, more values)…`
      : rows < totalRows
        ? `values of the first ${rows.toLocaleString()} of ${totalRows.toLocaleString()} rows looked at`
        : `values of ${rows.toLocaleString()} ${rows === 1 ? 'row' : 'rows'} looked at`;
  const where = `header in row ${preview.headerRow}: ${looked}.`;
  return preview.sheet === null ? `H${where.slice(1)}` : `Sheet “${preview.sheet}”, ${where}`;
}
