import type { TargetHelp } from '../../../main/bridge/contract.ts';
import type { MissingField } from './missing-field.ts';

/**
 * Under a column's picker when the mapping sends it to a field none of the account's targets holds
 * (missing-field.ts): where it goes, why that cannot be sent, and the two ways out as buttons (a field
 * the account has now whose name the header holds, when there is one; or leaving the column out).
 * Offline nothing is known of the field: said as that, without a warning.
 */
export function MissingFieldNote({
  header,
  missing,
  onPick,
}: {
  header: string;
  missing: MissingField;
  onPick: (chosen: TargetHelp | null) => void;
}) {
  if (missing.problem === null)
    return (
      <div className="target-help">
        The mapping sends this column to {missing.shown}; its name and type are not known without the
        account’s fields (connect to check it).
      </div>
    );
  const replacement = missing.replacement;
  return (
    <div className="target-help warn" role="alert" aria-label={`Field for column ${header}: a problem`}>
      The mapping sends “{header}” to {missing.shown}, but {missing.problem}: every row that fills this column
      would be refused. Choose another field for it
      {replacement
        ? ` (the account has ${replacement.group} › ${replacement.label}, whose name the header holds)`
        : ' in the box above'}
      , or leave the column out.{' '}
      <span>
        {replacement && (
          <button type="button" className="btn primary" onClick={() => onPick(replacement)}>
            Use {replacement.group} › {replacement.label}
          </button>
        )}{' '}
        <button type="button" className="btn" onClick={() => onPick(null)}>
          Leave this column out
        </button>
      </span>
    </div>
  );
}
