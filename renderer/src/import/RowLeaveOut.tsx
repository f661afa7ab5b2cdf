import type { CellFixed, GridRow } from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';
import { leftOutReason } from './row-status.ts';

/**
 * "Leave this row out" on the selected row (a total, a note, a row not to send), and its undo. The row
 * number goes into the mapping's `skip.rows` (main keeps it on the run, the wizard on its mapping) and
 * the row is checked again at once; a left-out row is never sent. A row left out by a footer rule comes
 * back by changing the rule in the mapping step.
 */
export function RowLeaveOut({
  runId,
  row,
  onChanged,
}: {
  runId: string;
  row: GridRow;
  onChanged: (fixed: CellFixed, leave: boolean) => void;
}) {
  const action = useAction();
  const change = async (leave: boolean) => {
    const fixed = await action.run(() => call('leaveRowOut', { runId, row: row.row, leave }));
    if (fixed) onChanged(fixed, leave);
  };
  if (row.status === 'skipped') {
    const byNumber = row.skipped?.rule === 'rows';
    return (
      <div className="notice info row-left-out" role="status" style={{ marginTop: 12 }}>
        <strong>Row {row.row} is left out</strong>: {leftOutReason(row)}. It is not checked and never sent.{' '}
        {byNumber ? (
          <button className="btn" onClick={() => void change(false)} disabled={action.busy}>
            Bring this row back
          </button>
        ) : (
          <span>To bring it back, change that rule under “Rows that are not data” in the mapping.</span>
        )}
        {action.error && <Notice kind="error">{action.error}</Notice>}
      </div>
    );
  }
  return (
    <div className="row-leave-out">
      <button className="btn" onClick={() => void change(true)} disabled={action.busy}>
        Leave this row out
      </button>
      <span className="muted small">
        A total, a note or a row you do not want to send: it is left out of this import, never sent.
      </span>
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </div>
  );
}
