import type { TargetHelp } from '../../../main/bridge/contract.ts';
import type { MissingField } from './missing-field.ts';
import { TargetPicker } from './TargetPicker.tsx';

/**
 * Under a "Same value on every row" entry aimed at a field none of the account's targets holds (a
 * template's custom field the admin deleted since): where the value goes, why it cannot be sent, and the
 * ways out a column in that state has (MissingFieldNote), in the same words: another field for it (a
 * picker here, since a constant has no row of its own in the column table) or removing it. No field is
 * offered by name: a constant has no header to go by, as the dry run's words offer none either.
 */
export function MissingConstantNote({
  missing,
  targets,
  onMove,
  onRemove,
}: {
  missing: MissingField;
  /** The fields the value may move to (those without a value for every row yet). */
  targets: TargetHelp[];
  onMove: (chosen: TargetHelp) => void;
  onRemove: () => void;
}) {
  if (missing.problem === null)
    return (
      <div className="target-help constant-note">
        The mapping gives every row this value for {missing.shown}; its name and type are not known without
        the account’s fields (connect to check it).
      </div>
    );
  return (
    <div
      className="target-help warn constant-note"
      role="alert"
      aria-label={`Value for every row for ${missing.shown}: a problem`}
    >
      The mapping gives every row this value for {missing.shown}, but {missing.problem}: every row would be
      refused. Choose another field for it, or remove the value.
      <div className="constant-add">
        <div className="constant-target">
          <TargetPicker
            label={`Another field for the value now going to ${missing.shown}`}
            targets={targets}
            value=""
            placeholder="Another field: type to search"
            // Choosing no field would leave the value where it is: "Remove this value" beside does that.
            none={null}
            onChange={(chosen) => chosen && onMove(chosen)}
          />
        </div>
        <button type="button" className="btn" onClick={onRemove}>
          Remove this value
        </button>
      </div>
    </div>
  );
}
