import type { MappingProblemView } from '../../../main/bridge/contract.ts';

/**
 * Problems of the mapping (no Country column, a value for every row the account refuses, …), shown
 * once above the grid with the number of rows each makes invalid (core's SummaryCounter), each with the
 * button that does what it says, instead of the same error in every row.
 */
export function MappingProblems({
  problems,
  labelOf,
  onSetConstant,
  onEditMapping,
}: {
  problems: MappingProblemView[];
  /** A target in words, as the mapping step names it ("Client country"); null when unknown. */
  labelOf: (target: string) => string | null;
  /** Opens "Same value on every row" in the mapping step with this field chosen. */
  onSetConstant: (target: string) => void;
  onEditMapping: () => void;
}) {
  if (problems.length === 0) return null;
  return (
    <div className="notice error mapping-problems" role="region" aria-label="Problems of the mapping">
      <strong>
        {problems.length === 1 ? 'A problem of the mapping' : `${problems.length} problems of the mapping`}
      </strong>{' '}
      <span>(fix once in the mapping; every row it touches is checked again):</span>
      <ul>
        {problems.map((problem) => {
          const label = problem.target ? labelOf(problem.target) : null;
          // Nothing in the mapping gives a required field: one value for every row settles it.
          const settable = problem.code === 'required_unmapped' && problem.target !== null && label !== null;
          return (
            <li key={`${problem.code}|${problem.column ?? ''}|${problem.target ?? ''}|${problem.message}`}>
              <span className="mapping-problem-rows">
                {problem.rows.toLocaleString()} {problem.rows === 1 ? 'row' : 'rows'}:
              </span>{' '}
              <span>{problem.message}</span>{' '}
              {settable ? (
                <button className="btn primary" onClick={() => onSetConstant(problem.target!)}>
                  Set one {lowerFirst(label)} for every row
                </button>
              ) : (
                <button className="btn" onClick={onEditMapping}>
                  Change the mapping
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "Client country" → "client country"; an account's own label ("Claim Number") stays as it is. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]+(?: [^A-Z]*)?$/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
