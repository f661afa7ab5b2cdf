/**
 * For a lookup or choice column: what each of its values means among the account's names, for the
 * values that do not name one already (the mapping's `values`).
 */
export function ValueMap({
  header,
  values,
  choices,
  mapped,
  guessed = {},
  onChange,
}: {
  header: string;
  values: string[];
  choices: string[];
  mapped: Record<string, string | number | boolean>;
  /** What the suggestion filled in from spelling alone: marked as a guess while it is still what is chosen. */
  guessed?: Record<string, string | number | boolean>;
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
          {/* Always a cell, so the grid's rows stay aligned. */}
          <span className="guess">
            {guessed[value] !== undefined && guessed[value] === mapped[value]
              ? 'guessed from spelling: check'
              : ''}
          </span>
        </label>
      ))}
    </div>
  );
}
