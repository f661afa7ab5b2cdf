import { useEffect, useMemo, useState } from 'react';
import type { MappingDraft, SheetPreview, TargetHelp } from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { asMappingDoc, sendable, subjectTypeOf, withTarget, withValues } from './mapping-doc.ts';
import { ConstantsEditor } from './ConstantsEditor.tsx';
import { SkipRulesEditor } from './SkipRulesEditor.tsx';
import { TargetPicker } from './TargetPicker.tsx';

const MATCH_KEYS = [
  { value: 'reference_value_1', label: 'Reference value 1' },
  { value: 'reference_value_2', label: 'Reference value 2' },
  { value: 'reference_value_3', label: 'Reference value 3' },
  { value: 'case_request_number', label: 'Case request number' },
  { value: 'id', label: 'Trackops ID' },
] as const;

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
  onBack,
  onNext,
  busy,
  constantFor = null,
}: {
  preview: SheetPreview;
  draft: MappingDraft;
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
  onBack: () => void;
  onNext: () => void;
  busy: boolean;
  /** Opened from the dry run to give this field one value for every row. */
  constantFor?: string | null;
}) {
  const targets = useMemo(() => allTargets(draft, doc), [draft, doc]);
  const [templates, setTemplates] = useState<string[]>([]);
  const [templateName, setTemplateName] = useState('');
  const [chosenTemplate, setChosenTemplate] = useState('');
  const [templateNote, setTemplateNote] = useState<string | null>(null);
  // The suggestion's open questions are about the suggestion: a loaded template replaces them.
  const [showNotes, setShowNotes] = useState(true);
  const action = useAction();

  useEffect(() => {
    void call('listTemplates', {}).then(
      (list) => setTemplates(list.names),
      () => setTemplates([]),
    );
  }, []);

  const saveTemplate = async () => {
    const list = await action.run(() =>
      call('saveTemplate', {
        name: templateName,
        mapping: sendable(doc),
      }),
    );
    if (list) {
      setTemplates(list.names);
      const rows = doc.skip?.rows?.length ?? 0;
      setTemplateNote(
        `Saved template “${templateName}”.` +
          (rows
            ? ` It keeps the rules for rows that are not data, but not the ${rows === 1 ? 'row' : `${rows} rows`} you left out by number: row numbers belong to this file.`
            : ''),
      );
    }
  };
  const importFile = async (file: File) => {
    const imported = await action.run(async () =>
      call('importTemplate', { fileName: file.name, text: await file.text() }),
    );
    if (imported) {
      setTemplates(imported.names);
      setChosenTemplate(imported.name);
      onDoc({ ...asMappingDoc(imported.mapping), source: doc.source });
      setShowNotes(false);
      setTemplateNote(`Loaded template “${imported.name}” from ${file.name}.`);
    }
  };
  const loadTemplate = async () => {
    const mapping = await action.run(() => call('loadTemplate', { name: chosenTemplate }));
    if (mapping) {
      onDoc({ ...asMappingDoc(mapping), source: doc.source });
      setShowNotes(false);
      setTemplateNote(`Loaded template “${chosenTemplate}”.`);
    }
  };

  const mapped = doc.columns.length;

  return (
    <div>
      <section className="card" aria-labelledby="mapping-title">
        <div className="card-head">
          <h2 id="mapping-title">Match your columns to Trackops fields</h2>
          <span className="muted">
            {mapped} of {preview.headers.length} columns will be imported
          </span>
        </div>
        <p className="muted">
          We suggested a field for each column we recognised. Check each one; type in a box to search every
          field by name or description. Columns left empty are not imported.
        </p>
        <p className="muted small" aria-label="What the suggestion looked at">
          {sampleWords(preview, draft)}
        </p>
        <div className="row" style={{ marginBottom: 12 }}>
          <label className="field">
            <span>What the import does</span>
            <select
              value={doc.mode}
              onChange={(event) => onDoc({ ...doc, mode: event.target.value as MappingDoc['mode'] })}
            >
              <option value="create">Create new case requests</option>
              <option value="update">Update existing case requests</option>
              <option value="upsert">Update if found, otherwise create</option>
            </select>
          </label>
          {doc.mode !== 'create' && (
            <label className="field">
              <span>Find existing requests by</span>
              <select
                value={doc.match ?? ''}
                onChange={(event) =>
                  onDoc({ ...doc, match: MATCH_KEYS.find((key) => key.value === event.target.value)?.value })
                }
              >
                <option value="">Choose…</option>
                {MATCH_KEYS.map((key) => (
                  <option key={key.value} value={key.value}>
                    {key.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
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
        <SubjectGroups draft={draft} doc={doc} onDoc={onDoc} />
        <ConstantsEditor targets={targets} doc={doc} onDoc={onDoc} preset={constantFor} />
        <SkipRulesEditor headers={preview.headers} doc={doc} onDoc={onDoc} />
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
                const target = entry
                  ? targets.find((candidate) => candidate.target === entry.target)
                  : undefined;
                const samples = (draft.columnValues[header] ?? []).slice(0, 3);
                return (
                  <tr key={header}>
                    <td className="src">
                      {header}
                      {samples.length > 0 && <div className="sample">e.g. {samples.join(' · ')}</div>}
                    </td>
                    <td>
                      <TargetPicker
                        label={`Field for column ${header}`}
                        targets={targets}
                        value={entry?.target ?? ''}
                        onChange={(chosen) =>
                          onDoc(withTarget(doc, header, chosen?.target ?? '', chosen?.lookup ?? null))
                        }
                      />
                      {entry && target?.kind === 'date' && (
                        <label className="field" style={{ marginTop: 6, maxWidth: 320 }}>
                          <span>Date format of text dates</span>
                          <input
                            type="text"
                            value={entry.dateFormat ?? ''}
                            placeholder="detected, e.g. MM/DD/YYYY"
                            onChange={(event) =>
                              onDoc({
                                ...doc,
                                columns: doc.columns.map((column) =>
                                  column.column === header
                                    ? {
                                        ...column,
                                        ...(event.target.value ? { dateFormat: event.target.value } : {}),
                                      }
                                    : column,
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
                          choices={target.choices}
                          mapped={entry.values ?? {}}
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
      </section>

      <section className="card" aria-labelledby="templates-title">
        <h3 id="templates-title">Templates</h3>
        <p className="muted small">
          Save this mapping to reuse it for the next file with the same layout. A template keeps the rules for
          rows that are not data, not rows left out by number (those belong to this file).
        </p>
        <div className="row">
          <label className="field">
            <span>Template name</span>
            <input
              type="text"
              value={templateName}
              onChange={(event) => setTemplateName(event.target.value)}
            />
          </label>
          <button
            className="btn"
            onClick={() => void saveTemplate()}
            disabled={!templateName.trim() || action.busy}
          >
            Save template
          </button>
          <span className="spacer" />
          <label className="field">
            <span>Saved templates</span>
            <select value={chosenTemplate} onChange={(event) => setChosenTemplate(event.target.value)}>
              <option value="">{templates.length ? 'Choose…' : 'None saved yet'}</option>
              {templates.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <button
            className="btn"
            onClick={() => void loadTemplate()}
            disabled={!chosenTemplate || action.busy}
          >
            Load
          </button>
          <input
            id="template-file"
            className="sr-only"
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importFile(file);
              event.target.value = '';
            }}
          />
          <button
            className="btn"
            onClick={() => document.getElementById('template-file')?.click()}
            disabled={action.busy}
          >
            Load from file…
          </button>
        </div>
        {templateNote && <Notice kind="ok">{templateNote}</Notice>}
        {action.error && <Notice kind="error">{action.error}</Notice>}
      </section>

      <div className="actions">
        <button className="btn" onClick={onBack}>
          Back
        </button>
        <button className="btn primary" onClick={onNext} disabled={mapped === 0 || busy}>
          {busy ? 'Checking…' : 'Check every row (dry run)'}
        </button>
      </div>
    </div>
  );
}

function SubjectGroups({
  draft,
  doc,
  onDoc,
}: {
  draft: MappingDraft;
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
}) {
  const groups = doc.subjects ?? [];
  const [typeId, setTypeId] = useState<number>(draft.subjectTypes[0]?.id ?? 0);
  if (draft.subjectTypes.length === 0) return null;
  const remove = (index: number) => {
    // Columns of later groups shift down one place so they stay with their group.
    const columns = doc.columns
      .filter((column) => !column.target.startsWith(`subjects.${index}.`))
      .map((column) => {
        const match = /^subjects\.(\d+)\.(.*)$/.exec(column.target);
        if (!match || Number(match[1]) < index) return column;
        return { ...column, target: `subjects.${Number(match[1]) - 1}.${match[2]}` };
      });
    onDoc({ ...doc, subjects: groups.filter((_, position) => position !== index), columns });
  };
  return (
    <fieldset>
      <legend>Subjects on each request</legend>
      {groups.length === 0 && (
        <p className="muted small">
          No subjects: add one to import claimant, vehicle or other subject fields.
        </p>
      )}
      {groups.map((group, index) => {
        const name = subjectTypeOf(draft.subjectTypes, group)?.name ?? `type ${group.subject_type_id}`;
        const update = (patch: Partial<typeof group>) =>
          onDoc({
            ...doc,
            subjects: groups.map((item, position) => (position === index ? { ...item, ...patch } : item)),
          });
        return (
          <div className="row" key={index} style={{ marginBottom: 6 }}>
            <strong style={{ minWidth: 180 }}>
              Subject {index + 1}: {name}
            </strong>
            <label className="check">
              <input
                type="checkbox"
                checked={group.is_primary ?? false}
                onChange={(event) => update({ is_primary: event.target.checked })}
              />
              Primary subject
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={group.is_pinned ?? false}
                onChange={(event) => update({ is_pinned: event.target.checked })}
              />
              Pinned to the case overview
            </label>
            <button
              className="btn danger"
              onClick={() => remove(index)}
              aria-label={`Remove subject ${index + 1}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      <div className="row" style={{ marginTop: 8 }}>
        <label className="field">
          <span>Subject type</span>
          <select value={typeId} onChange={(event) => setTypeId(Number(event.target.value))}>
            {draft.subjectTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </label>
        <button
          className="btn"
          onClick={() =>
            onDoc({
              ...doc,
              subjects: [
                ...groups,
                { subject_type_id: typeId, is_primary: groups.length === 0, is_pinned: true },
              ],
            })
          }
        >
          Add subject
        </button>
      </div>
    </fieldset>
  );
}

function ValueMap({
  header,
  values,
  choices,
  mapped,
  onChange,
}: {
  header: string;
  values: string[];
  choices: string[];
  mapped: Record<string, string | number | boolean>;
  onChange: (values: Record<string, string | number | boolean>) => void;
}) {
  const lower = new Set(choices.map((choice) => choice.toLowerCase()));
  // Values that already name a choice need nothing; list those that do not, and those mapped before.
  const needing = values.filter(
    (value) => value !== '' && (!lower.has(value.toLowerCase()) || mapped[value] !== undefined),
  );
  if (needing.length === 0)
    return <div className="target-help">Every value in this column names a Trackops entry.</div>;
  return (
    <div className="values-map" role="group" aria-label={`Value mapping for ${header}`}>
      {needing.slice(0, 50).map((value) => (
        <label key={value} style={{ display: 'contents' }}>
          <span>“{value}” means</span>
          <select
            value={String(mapped[value] ?? '')}
            onChange={(event) => {
              const next = { ...mapped };
              if (event.target.value) next[value] = event.target.value;
              else delete next[value];
              onChange(next);
            }}
          >
            <option value="">(no match — row will be flagged)</option>
            {choices.map((choice) => (
              <option key={choice}>{choice}</option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

/** A list column's values are its items ("A; B" is A and B), as the import will read them. */
function itemsOf(values: string[], split: string | undefined): string[] {
  if (!split) return values;
  return [...new Set(values.flatMap((value) => value.split(split).map((item) => item.trim())))].filter(
    Boolean,
  );
}

/**
 * "Sheet "Referrals", header in row 3: values of 23 rows looked at" — the numbers the CLI's `map`
 * prints for the same file (core's sampleSheet: the first 2,000 rows, and how many there are).
 */
function sampleWords(preview: SheetPreview, draft: MappingDraft): string {
  const { rows, totalRows } = draft.sample;
  const looked =
    rows < totalRows
      ? `values of the first ${rows.toLocaleString()} of ${totalRows.toLocaleString()} rows looked at`
      : `values of ${rows.toLocaleString()} ${rows === 1 ? 'row' : 'rows'} looked at`;
  const where = `header in row ${preview.headerRow}: ${looked}.`;
  return preview.sheet === null ? `H${where.slice(1)}` : `Sheet “${preview.sheet}”, ${where}`;
}
