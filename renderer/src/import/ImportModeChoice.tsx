import type { MappingDoc } from './mapping-doc.ts';

const MATCH_KEYS = [
  { value: 'reference_value_1', label: 'Reference value 1' },
  { value: 'reference_value_2', label: 'Reference value 2' },
  { value: 'reference_value_3', label: 'Reference value 3' },
  { value: 'case_request_number', label: 'Case request number' },
  { value: 'id', label: 'Trackops ID' },
] as const;

/** What the import does (create, update, upsert) and, for updates, which field finds the request. */
export function ImportModeChoice({ doc, onDoc }: { doc: MappingDoc; onDoc: (doc: MappingDoc) => void }) {
  return (
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
  );
}
