import type { RoundTripView } from '../../../main/bridge/contract.ts';

/** "2026-12-04 09:15:02 UTC" from the export's ISO time. */
function exportTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

/** "Round-trip export made … from …: only the cells you edited are sent", before and after the check. */
export function RoundTripHeading({ exportedAt, exportedFrom }: { exportedAt: string; exportedFrom: string }) {
  return (
    <p className="notice info" role="status">
      <strong>
        Round-trip export made {exportTime(exportedAt)} from {exportedFrom}: only the cells you edited are
        sent.
      </strong>{' '}
      The file carries its own columns, so there is no sheet or mapping to choose. A request changed in
      Trackops since the export is a conflict: it is shown here and never overwritten.
    </p>
  );
}

/** A round trip's counts, as the command line's validate and import say them. */
export function RoundTripCounts({ view, label }: { view: RoundTripView; label: string }) {
  const stats: [number, string, string][] = [
    [view.edited, 'edited since the export', ''],
    [view.changed, 'to send (edited cells only)', 'ok'],
    [view.unchanged, 'not edited (nothing sent)', ''],
    [view.alreadyApplied, 'already in Trackops (nothing sent)', ''],
    [view.conflicts, 'conflicts: changed in Trackops since the export (kept, not sent)', 'bad'],
    [view.refused, 'refused (see the rows)', 'bad'],
    [view.missing, 'rows removed from the file (nothing deleted)', ''],
  ];
  return (
    <div aria-label={label}>
      <div className="stats">
        {stats.map(([count, words, kind]) => (
          <div className={`stat ${kind}`} key={words}>
            <span className="n">{count.toLocaleString()}</span>
            <span className="l">{words}</span>
          </div>
        ))}
      </div>
      {view.notes.map((note) => (
        <p className="muted small" key={note}>
          {note}
        </p>
      ))}
      {view.ignoredColumns.length > 0 && (
        <p className="muted small">
          Columns added to the file are ignored: {view.ignoredColumns.join(', ')}.
        </p>
      )}
    </div>
  );
}
