import type { TargetHelp } from '../../../main/bridge/contract.ts';
import type { MappingDoc } from './mapping-doc.ts';

/**
 * The columns a loaded template reads that the file does not have ("Carrier Nme" for "Carrier"). The
 * Columns step lists the file's columns only, so such an entry was invisible: counted as imported, and
 * refused by the dry run in words naming a JSON path, with no way to take it out on screen. Each is
 * listed with its field, and read from the closest header (as the CLI's refusal suggests renaming it)
 * or taken out of the mapping.
 */
export function AbsentColumns({
  absent,
  fileName,
  closestOf,
  targets,
  doc,
  onDoc,
}: {
  absent: MappingDoc['columns'];
  fileName: string;
  closestOf: Record<string, string | null>;
  targets: TargetHelp[];
  doc: MappingDoc;
  onDoc: (doc: MappingDoc) => void;
}) {
  const one = absent.length === 1;
  const takeOut = (column: string) =>
    onDoc({ ...doc, columns: doc.columns.filter((entry) => entry.column !== column) });
  // The header takes the template's entry (its field and options) in place of what it had.
  const readFrom = (column: string, header: string) =>
    onDoc({
      ...doc,
      columns: doc.columns
        .filter((entry) => entry.column !== header)
        .map((entry) => (entry.column === column ? { ...entry, column: header } : entry)),
    });
  return (
    <div className="notice warn" role="alert" aria-label="Template columns not in the file">
      <strong>
        {one ? 'A column of the template is' : `${absent.length} columns of the template are`} not in{' '}
        {fileName}:
      </strong>
      <ul className="notes-list">
        {absent.map((entry) => {
          const field = targets.find((target) => target.target === entry.target);
          const closest = closestOf[entry.column] ?? null;
          return (
            <li key={`${entry.column} ${entry.target}`}>
              “{entry.column}” → {field ? `${field.group} › ${field.label}` : entry.target}: {fileName} has no
              such column{closest ? `; the closest is “${closest}”` : ''}.{' '}
              {closest && (
                <button className="btn small" onClick={() => readFrom(entry.column, closest)}>
                  Read it from “{closest}”
                </button>
              )}{' '}
              <button className="btn small" onClick={() => takeOut(entry.column)}>
                Take it out
              </button>
            </li>
          );
        })}
      </ul>
      {one ? 'If it is' : 'If they are'} in the file under another name, read {one ? 'it' : 'each'} from that
      column (or choose the field for that column below); if the file was read the wrong way (another
      delimiter), go Back.
    </div>
  );
}
