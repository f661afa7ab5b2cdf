/**
 * A row in doubt (its create sent, no answer) whose key the account already holds, so the plan refused
 * it as a duplicate. The request holding the key may be the row's own create: stored, then edited in
 * Trackops, so that the resume's searches (by content, then as the one request only that send can have
 * made) did not recognise it. Before, such a row was written `duplicate` without a word, its own write
 * called another's, and the journal settled it without the request.
 *
 * By when each request holding the key was created: one created outside the send's window (own-create.ts:
 * the margin before it, for clocks that differ, to the timeout and the margin after) cannot be that
 * send's; it is certainly another's (a colleague or an earlier tool typed the same claim), and the row
 * is a duplicate of it. One created within the window, or whose creation time is not known, may be the
 * row's own: said so, as a guess. Either way
 * the claim is in Trackops and the row is not sent (never twice); only the words differ.
 */
import type { CaseRequestRecord } from '../api/types.ts';
import type { Problem } from '../problems/problem.ts';
import { formatProblem } from '../problems/format.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import { clockTime, lastLeftAt } from './earlier-sends.ts';
import type { IntentLine } from './journal.ts';
import { secondsAfterSend, sendWindowWords, withinSendWindow } from './reconcile.ts';

/** The note for such a row: `in_doubt_duplicate` (the key's holders are certainly others') or `…_unsure`. */
export function duplicateInDoubtNote(
  intent: Pick<IntentLine, 'at' | 'left_at'>,
  holders: readonly CaseRequestRecord[],
  refusal: Problem | undefined,
  timeoutMs: number | undefined,
  ways: WaysOut,
): { code: 'in_doubt_duplicate' | 'in_doubt_duplicate_unsure'; message: string } {
  const sent = lastLeftAt(intent);
  const key = refusal?.value ? `${refusal.column ?? 'key'} '${refusal.value}'` : 'key';
  const each = holders.map((record) => {
    const seconds = secondsAfterSend(record.created_at, sent);
    const name = record.case_request_number ?? `id ${record.id}`;
    if (seconds === null) return { name, another: false, when: 'when it was created is not known' };
    if (withinSendWindow(seconds, timeoutMs))
      return {
        name,
        another: false,
        when:
          (seconds >= 0 ? `created ${seconds} s after that send` : `created ${-seconds} s before that send`) +
          `, ${sendWindowWords(timeoutMs)}`,
      };
    const minutes = Math.round(Math.abs(seconds) / 60);
    return {
      name,
      another: true,
      when:
        `created ${String(record.created_at)} UTC, ${minutes} min ${seconds < 0 ? 'before' : 'after'} that send, ` +
        `outside its window: ${sendWindowWords(timeoutMs).replace(/^within its window: /, '')}`,
    };
  });
  const params = {
    sent: clockTime(Date.parse(sent)),
    key,
    holders: each.map((holder) => `${holder.name} (${holder.when})`).join('; '),
    names: each.map((holder) => holder.name).join(', '),
    many: each.length > 1,
  };
  const code =
    each.length > 0 && each.every((holder) => holder.another)
      ? 'in_doubt_duplicate'
      : 'in_doubt_duplicate_unsure';
  return { code, message: formatProblem(code, params, ways) };
}
