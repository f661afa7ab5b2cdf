import { useState } from 'react';
import type { MappingDraft } from '../../../main/bridge/contract.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { subjectTypeOf } from './mapping-doc.ts';

/** The subject groups each request gets (claimant, vehicle, …): their columns target "subjects.<n>.". */
export function SubjectGroups({
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
  const ordinalNotes = draft.notes.filter((note) => note.ordinalGroup !== undefined);
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
        const known = subjectTypeOf(draft.subjectTypes, group);
        const name = known?.name ?? `type ${group.subject_type_id}`;
        const update = (patch: Partial<typeof group>) =>
          onDoc({
            ...doc,
            subjects: groups.map((item, position) => (position === index ? { ...item, ...patch } : item)),
          });
        // Each box is named with its subject ("Primary subject: Subject 1, Claimant"): alike, a screen
        // reader could not tell the claimant's boxes from the vehicle's (explore 58 item 6).
        const subject = `Subject ${index + 1}, ${name}`;
        return (
          <div className="row" key={index} style={{ marginBottom: 6 }}>
            <strong style={{ minWidth: 180 }}>
              Subject {index + 1}: {name}
            </strong>
            {!known && draft.subjectTypes.length > 0 && (
              // A template from an account that numbers its types otherwise: its group keeps its columns
              // and takes one of this account's types (removing it dropped its columns too).
              <select
                aria-label={`Type of subject ${index + 1}`}
                value=""
                onChange={(event) => update({ subject_type_id: Number(event.target.value) })}
              >
                <option value="">Choose its type…</option>
                {draft.subjectTypes.map((type) => (
                  <option key={type.id} value={type.id}>
                    {type.name}
                  </option>
                ))}
              </select>
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={group.is_primary ?? false}
                onChange={(event) => update({ is_primary: event.target.checked })}
                aria-label={`Primary subject: ${subject}`}
              />
              Primary subject
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={group.is_pinned ?? false}
                onChange={(event) => update({ is_pinned: event.target.checked })}
                aria-label={`Pinned to the case overview: ${subject}`}
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
      {ordinalNotes.length > 0 && (
        // The suggestion read ordinals ("2nd Claimant Name") as group numbers: said here, beside the
        // groups they made, so the clerk sees which columns each ordinal bound together (an info note,
        // which the step's "Please check" box leaves out).
        <ul
          className="notes-list muted small"
          aria-label="Subject groups numbered by ordinals in the headers"
        >
          {ordinalNotes.map((note, index) => (
            <li key={index}>{note.message.charAt(0).toUpperCase() + note.message.slice(1)}.</li>
          ))}
        </ul>
      )}
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
