import { useEffect, useRef, useState } from 'react';
import type { MappingDraft, TargetHelp } from '../../../main/bridge/contract.ts';
import type { ConstantValue, MappingDoc } from './mapping-doc.ts';
import { MissingConstantNote } from './MissingConstantNote.tsx';
import { missingField } from './missing-field.ts';
import { TargetPicker, type NoFieldOption } from './TargetPicker.tsx';

/**
 * "Same value on every row": the mapping's `constants` (CONTRACTS section 2), for any target. A sheet
 * without a Country column gets "Client country = US" here; a column mapped to the same field wins
 * where it has a value, so a constant is also that column's default. Lookups are chosen from the
 * account's names (kept as ids, as the suggester keeps them).
 */
export function ConstantsEditor({
  draft: mappingDraft,
  targets,
  doc,
  onDoc,
  preset = null,
}: {
  /** What the account says of its fields: a value aimed at a field it no longer has is flagged. */
  draft: MappingDraft;
  targets: TargetHelp[];
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
  /** A field to open ready for its value (the dry run's "Set one client country for every row"). */
  preset?: string | null;
}) {
  const constants = Object.entries(doc.constants ?? {});
  const [adding, setAdding] = useState<TargetHelp | null>(
    () => targets.find((target) => target.target === preset && !(preset in (doc.constants ?? {}))) ?? null,
  );
  const box = useRef<HTMLFieldSetElement>(null);
  // Opened from the dry run: bring the editor into view with the value box ready to type in.
  useEffect(() => {
    if (!preset || !box.current) return;
    box.current.scrollIntoView({ block: 'center' });
    box.current.querySelector<HTMLElement>('.constant-add [aria-label^="Value for"]')?.focus();
  }, [preset]);
  const [draft, setDraft] = useState<ConstantValue | ''>('');
  // A match key differs per row; a field already given a value is edited where it is listed.
  const offered = targets.filter(
    (target) => target.kind !== 'key' && !(target.target in (doc.constants ?? {})),
  );
  const helpOf = (target: string) => targets.find((candidate) => candidate.target === target);
  // A value aimed at a custom field none of the targets holds (a template's field deleted since): shown
  // as the template records it, flagged as the column table flags a column so aimed (missing-field.ts).
  const missingOf = (target: string) => missingField(null, target, targets, mappingDraft, doc);
  const labelOf = (target: string) => {
    const help = helpOf(target);
    const missing = help ? null : missingOf(target);
    return help
      ? `${help.group} › ${help.label}`
      : missing
        ? `${missing.shown}${missing.problem ? ' — not in the account' : ''}`
        : target;
  };
  const setConstant = (target: string, value: ConstantValue) =>
    onDoc({ ...doc, constants: { ...doc.constants, [target]: value } });
  // The same value under another field, in place of the one the account no longer has.
  const move = (from: string, to: string) => {
    const next: Record<string, ConstantValue> = {};
    for (const [target, value] of Object.entries(doc.constants ?? {}))
      next[target === from ? to : target] = value;
    onDoc({ ...doc, constants: next });
  };
  const remove = (target: string) => {
    const next = { ...doc.constants };
    delete next[target];
    const { constants: _dropped, ...rest } = doc;
    onDoc(Object.keys(next).length ? { ...rest, constants: next } : rest);
  };
  const add = () => {
    if (!adding || isEmpty(draft)) return;
    setConstant(adding.target, draft as ConstantValue);
    setAdding(null);
    setDraft('');
  };

  return (
    <fieldset aria-labelledby="constants-title" ref={box}>
      <legend id="constants-title">Same value on every row</legend>
      <p className="muted small">
        For a field your file has no column for (for example, a file without a Country column: Client country
        = US). Where a column is also mapped to the field, its value wins and this fills the empty cells.
      </p>
      {constants.length > 0 && (
        <ul className="constants-list" aria-label="Values for every row">
          {constants.map(([target, value]) => {
            const missing = helpOf(target) ? null : missingOf(target);
            return (
              <li key={target} className="constant-row">
                <span className="constant-label">{labelOf(target)}</span>
                <ValueInput
                  help={helpOf(target)}
                  label={`Value for ${labelOf(target)}`}
                  value={value}
                  onChange={(next) => setConstant(target, next)}
                />
                <button
                  className="btn danger"
                  onClick={() => remove(target)}
                  aria-label={`Remove the value for ${labelOf(target)}`}
                >
                  Remove
                </button>
                {missing && (
                  <MissingConstantNote
                    missing={missing}
                    targets={offered}
                    onMove={(chosen) => move(target, chosen.target)}
                    onRemove={() => remove(target)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="constant-add" role="group" aria-label="Add a value for every row">
        <div className="constant-target">
          <TargetPicker
            label="Field to fill on every row"
            targets={offered}
            value={adding?.target ?? ''}
            placeholder="Add a field: type to search"
            none={NO_FIELD_TO_ADD}
            onChange={(target) => {
              setAdding(target);
              setDraft('');
            }}
          />
        </div>
        {adding && (
          <>
            <ValueInput
              help={adding}
              label={`Value for ${labelOf(adding.target)}`}
              value={draft}
              onChange={setDraft}
            />
            <button className="btn" onClick={add} disabled={isEmpty(draft)}>
              Add
            </button>
          </>
        )}
      </div>
    </fieldset>
  );
}

/**
 * The add box's choice of no field: it empties the box and adds nothing (a value already listed is
 * taken away by its Remove button), so it says that, not "Do not import this column" (explore 61).
 */
const NO_FIELD_TO_ADD: NoFieldOption = {
  label: 'No field: add nothing',
  words: ['none', 'nothing', 'no field', 'clear', 'cancel'],
};

function isEmpty(value: ConstantValue | ''): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}

/** The input that fits the field: the account's names for a lookup, its choices, yes/no, a date, text. */
function ValueInput({
  help,
  label,
  value,
  onChange,
}: {
  help: TargetHelp | undefined;
  label: string;
  value: ConstantValue | '';
  onChange: (value: ConstantValue | '') => void;
}) {
  const ids = help?.choiceIds;
  if (help && ids && ids.length === help.choices.length && help.choices.length > 0) {
    // A name typed into a template resolves like an id; show it as the account's entry it names.
    const idOf = (item: string | number | boolean) =>
      typeof item === 'number'
        ? item
        : (ids[help.choices.findIndex((name) => name.toLowerCase() === String(item).trim().toLowerCase())] ??
          item);
    if (help.kind === 'list') {
      const chosen = new Set((Array.isArray(value) ? value : value === '' ? [] : [value]).map(idOf));
      return (
        <span className="constant-choices" role="group" aria-label={label}>
          {help.choices.map((name, index) => (
            <label className="check" key={ids[index]}>
              <input
                type="checkbox"
                checked={chosen.has(ids[index]!)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(ids[index]!);
                  else next.delete(ids[index]!);
                  onChange(ids.filter((id) => next.has(id)));
                }}
              />
              {name}
            </label>
          ))}
        </span>
      );
    }
    const current = Array.isArray(value) || value === '' ? '' : String(idOf(value));
    return (
      <select aria-label={label} value={current} onChange={(event) => onChange(Number(event.target.value))}>
        <option value="" disabled>
          Choose…
        </option>
        {help.choices.map((name, index) => (
          <option key={ids[index]} value={ids[index]}>
            {name}
          </option>
        ))}
      </select>
    );
  }
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  if (help?.kind === 'choice' && help.choices.length > 0) {
    return (
      <select aria-label={label} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="" disabled>
          Choose…
        </option>
        {help.choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    );
  }
  if (help?.kind === 'boolean') {
    return (
      <select
        aria-label={label}
        value={value === '' ? '' : value === true || /^(yes|true|y|1|x)$/i.test(text) ? 'yes' : 'no'}
        onChange={(event) => onChange(event.target.value === 'yes')}
      >
        <option value="" disabled>
          Choose…
        </option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    );
  }
  if (help?.kind === 'number') {
    return (
      <input
        type="number"
        aria-label={label}
        value={text}
        onChange={(event) => onChange(event.target.value === '' ? '' : Number(event.target.value))}
      />
    );
  }
  return (
    <input
      type={help?.kind === 'date' ? 'date' : 'text'}
      aria-label={label}
      value={text}
      placeholder={help?.kind === 'country' ? 'e.g. US' : ''}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
