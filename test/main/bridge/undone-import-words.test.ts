/**
 * A send of an import that "Undo this import" undid is refused by core (undone-import.ts) in the
 * command line's words (--resume, --journal); the app says it in its own: what was undone, when, how
 * many requests were put back, why nothing was sent, and no flag (explore 63), but the send screen's
 * button that sends the file as a new import.
 */
import { expect, it } from 'vitest';
import { JournalUndoneError } from '../../../core/index.ts';
import { toBridgeError } from '../../../main/bridge/failure.ts';

it('an undone import refused: the app says when it was undone and why nothing was sent, naming no flag but the way on', () => {
  const error = new JournalUndoneError(
    {
      journal: '/data/journals/abc.journal.jsonl',
      revertJournal: '/data/journals/abc.journal.revert.jsonl',
      undoneAt: '2026-12-06T20:10:04.123Z',
      putBack: 3,
    },
    new Set([2, 3, 4]),
    'upd.csv',
  );
  expect(error.message).toContain('--resume');
  const said = toBridgeError(error, () => {});
  expect(said.code).toBe('journal_undone');
  expect(said.message).toBe(
    'This file was sent with this mapping before, and that import was undone (“Undo this import”, started 2026-12-06 20:10 UTC, 3 requests put back), so that import is not taken up again: ' +
      'the rest of its file would go in on top of the undo, and what the undo put back could be written again. Nothing was sent. ' +
      'If this file should go in after all, check it, then choose “Send as a new import”: every row is sent again, except those whose requests an earlier import created and Trackops still holds (an undo cannot delete them): they are not created a second time, and the results name them.',
  );
  expect(said.message).not.toContain('--');
});
