/**
 * What `revert` says after a refusal that stopped it (cli/commands/revert.ts): which requests the
 * refusal kept from being put back, and, for a refusal that is no outage (a certificate this computer
 * refuses, an address whose scheme its port does not speak), what to do before running it again. As
 * import says its own (cli/commands/import.ts): "when Trackops answers" would send the clerk round in
 * circles, since the server did answer, and will answer the same way until the clerk acts.
 */
import { CertificateError, SchemeMismatchError } from '../core/api/errors.ts';
import type { IntentLine, OutcomeLine } from '../core/batch/journal-types.ts';
import type { RevertEntry } from '../core/batch/revert-source.ts';

/** What such a refusal waits for ("once …"), and what the command then needs said after it; null for others. */
export function refusalWaitsFor(error: unknown): { once: string; giving: string } | null {
  if (error instanceof CertificateError)
    return { once: 'once this computer trusts that certificate', giving: '' };
  if (error instanceof SchemeMismatchError)
    return { once: 'once the address is corrected', giving: ' (giving the corrected address)' };
  return null;
}

/**
 * The next step after such a refusal: `nothingSent` (no request of this run put anything back, and its
 * journal was removed), the revert run again with `fresh`; else finished with `again` (--resume).
 * Null for a refusal of another kind (said as before by the command).
 */
export function refusalNextStep(
  error: unknown,
  commands: { fresh: string; again: string; dryRun: boolean },
  nothingSent: boolean,
): string | null {
  const waits = refusalWaitsFor(error);
  if (!waits) return null;
  const once = `${waits.once[0]!.toUpperCase()}${waits.once.slice(1)}`;
  if (commands.dryRun)
    return `Nothing was sent. ${once}, run the preview again: ${commands.fresh} --dry-run${waits.giving}`;
  if (nothingSent)
    return `Nothing was put back. ${once}, run the revert again: ${commands.fresh}${waits.giving}`;
  return `Nothing more was sent. ${once}, finish the revert with: ${commands.again}${waits.giving}`;
}

/**
 * The requests a stopping refusal kept from being put back, as this run's journal recorded them (a
 * failure to try again, core's revert-run.ts), named as the clerk knows them (the import's row, the
 * request's number), and how many this run put back before the stop. Null when the refusal came to no
 * put-back (it met a read).
 */
export function notPutBackWords(
  refused: readonly OutcomeLine[],
  entries: readonly RevertEntry[],
  putBackBeforeStop: number,
): string | null {
  if (refused.length === 0) return null;
  const named = refused.map((line) => rowAndRequest(requestOfRow(line.row, line.id, entries)));
  const one = refused.length === 1;
  const before =
    putBackBeforeStop === 0
      ? 'No request was'
      : putBackBeforeStop === 1
        ? '1 request was'
        : `${putBackBeforeStop} requests were`;
  return (
    `Not put back: ${named.join(', ')}: the refusal came before ${one ? 'its request was' : 'their requests were'} sent, ` +
    `so ${one ? 'it' : 'they'} reached nothing in Trackops. ${before} put back before the stop.`
  );
}

/** A put-back a stop left in doubt, as the words and `--json`'s `rows_in_doubt` give it (import's shape for an update). */
export interface PutBackInDoubt {
  row: number;
  op: 'update';
  id: number;
  case_request_number?: string;
}

/** Put-backs named in the words; the rest are counted (the results mark each). */
const SHOWN = 10;

/**
 * The put-backs this revert's journal holds sent without an answer (a second Ctrl-C cut them, most
 * often), in row order, each with the request the import's row changed.
 */
export function putBacksInDoubtOf(
  inDoubt: ReadonlyMap<number, IntentLine>,
  entries: readonly RevertEntry[],
): PutBackInDoubt[] {
  return [...inDoubt.values()]
    .sort((a, b) => a.row - b.row)
    .map((intent) => ({ op: 'update', ...requestOfRow(intent.row, intent.id, entries) }));
}

/** The import's row `row` with the request it changed: `id` as the journal line has it, else the import's. */
function requestOfRow(
  row: number,
  id: number | undefined,
  entries: readonly RevertEntry[],
): Omit<PutBackInDoubt, 'op'> {
  const entry = entries.find((candidate) => candidate.row === row);
  const number = entry?.case_request_number;
  return {
    row,
    id: id ?? entry?.id ?? 0,
    ...(number === undefined ? {} : { case_request_number: number }),
  };
}

/** "row 3 (REQ-00002)": a row as the clerk knows it, by its request's number, else its id. */
function rowAndRequest(request: Omit<PutBackInDoubt, 'op'>): string {
  return `row ${request.row} (${request.case_request_number ?? `request ${request.id}`})`;
}

/**
 * "1 put-back is in doubt (…): row 3 (REQ-00002). --resume waits out … reads it back …": as an import's
 * stop names its rows in doubt (cli/rows-in-doubt.ts), with how the revert's resume settles one
 * (core's revert-run.ts afterEarlierPut). Null when none is in doubt.
 */
export function putBacksInDoubtWords(putBacks: readonly PutBackInDoubt[]): string | null {
  if (putBacks.length === 0) return null;
  const one = putBacks.length === 1;
  const named = putBacks.slice(0, SHOWN).map(rowAndRequest);
  const more = putBacks.length > SHOWN ? `; and ${putBacks.length - SHOWN} more` : '';
  return (
    `${one ? '1 put-back is' : `${putBacks.length} put-backs are`} in doubt (${one ? 'it' : 'they'} may have reached Trackops, and ${one ? 'its answer was' : 'their answers were'} cut short): ` +
    `${named.join(', ')}${more}. --resume waits out the time ${one ? 'it' : 'each'} could still land, reads ${one ? 'its request' : 'their requests'} back, ` +
    'and sends again only what does not hold the values from before the import.'
  );
}
