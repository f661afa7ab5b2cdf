/**
 * `trackops-bulk revert --journal J [--dry-run] [--resume] [--revert-journal R] [--rate R]
 * [--concurrency C] [--results OUT] [--json]` + connection flags (CONTRACTS section 1; issue 18).
 * Undoes the updates of an import run from its journal: puts back the values kept before each PUT,
 * except where the request changed in Trackops since (a conflict: not touched, both values reported);
 * lists the run's creates for a person to close or delete (the API has no delete). Paced, journalled in
 * its own journal, resumable, exactly once.
 * Exit: 0 every update put back (or already back), 1 something is left for a person (conflicts,
 * failures, requests gone or not revertible, creates to close), 2 usage/journal, 3 connection or
 * authentication, 130 interrupted (--resume finishes the revert).
 */
import { setMaxListeners } from 'node:events';
import { readdir } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { AuthError } from '../../core/api/errors.ts';
import { DiskFullError } from '../../core/files/disk-full.ts';
import { checkCurrent, revertCheckWords, type RevertCheckCost } from '../../core/batch/revert-check.ts';
import { DEFAULT_CONCURRENCY } from '../../core/pace/pacer.ts';
import { journalInUse, lockJournal, type JournalLock } from '../../core/batch/journal-lock.ts';
import { openJournal, otherAccountError, type Journal } from '../../core/batch/journal.ts';
import { ownWritesBeside } from '../../core/batch/revert-chain.ts';
import { readJournalFile, readJournalHeader, sha256 } from '../../core/batch/journal-read.ts';
import { shownBreaks } from '../../core/problems/catalogue.ts';
import { readRevertSource, revertTargets, type RevertSource } from '../../core/batch/revert-source.ts';
import { recordRevertWhereabouts, revertWhereaboutsPath } from '../../core/batch/revert-whereabouts.ts';
import { revertResultsFormatOf, writeRevertResults } from '../../core/batch/revert-results.ts';
import {
  runRevert,
  type RevertOutcome,
  type RevertProgress,
  type RevertRowResult,
} from '../../core/batch/revert-run.ts';
import { discardUnusedJournal } from '../../core/batch/unused-journal.ts';
import { PROGRESS_EVERY_MS } from '../../core/batch/progress-pace.ts';
import { isConnectionFailure, openWritingSession, rateFlag } from '../account-session.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openRequiredConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { checkInputFile, checkOutputFile, refuseOverwritingInputs, throughLink } from '../paths.ts';
import { UsageError } from '../usage-error.ts';
import { thisProcess } from '../journal-owner.ts';
import { revertCommand, type RevertCommandLine } from '../resume-command.ts';
import { importFilesOf, importStem, notRevertResults } from '../revert-results-target.ts';
import { testSettleMs } from '../test-settle-wait.ts';
import { CLI_WAYS_OUT } from '../ways-out.ts';
import {
  notPutBackWords,
  putBacksInDoubtOf,
  putBacksInDoubtWords,
  refusalNextStep,
} from '../revert-stop-words.ts';

const usage = `Usage: trackops-bulk revert --journal J [--dry-run] [--resume] [--revert-journal R]
                            [--rate R] [--concurrency C] [--results OUT] [--json] [connection]

Undoes the updates of an import run: puts back, request by request, the values its journal kept
from just before each update. A request changed in Trackops since the import (its updated_at moved)
is not touched: it is reported as a conflict with the value the import set and the value it holds
now. Requests the import created are listed with their ids and numbers for a person to close or
delete in Trackops (the API cannot delete). Run it with --dry-run first: it prints, per request, the
fields it would put back (now → before), the conflicts and the creates, and sends nothing.

  --journal J          the journal of the import to undo (read only; locked while the revert runs)
  --dry-run            check every request and show what would be put back; send nothing
  --revert-journal R   the revert's own journal (default: J with .revert.jsonl in place of .jsonl);
                       in another folder than J, where it is is recorded beside J (J.reverts.json),
                       so that the import's --resume knows it was undone
  --resume             finish a revert that was stopped: requests it put back are not sent again,
                       and one whose answer was lost is read back before anything is sent, once
                       --timeout plus 2 min have passed since that PUT's last attempt left
                       (started sooner, it waits, saying until when);
                       refused (exit 2) when no revert of J was started
  --rate R             requests per second or minute (default: as import); every request counts
  --concurrency C      requests in flight at once (default ${DEFAULT_CONCURRENCY})
  --results OUT        one line per request, .json or .csv: status, id, number, the fields put
                       back (now → before), conflicts (ours / now), what to do; a file of the
                       import (its results, the file it read, its mapping) is refused
  --json               print one JSON summary object at the end

Checking the requests costs 1 count of the requests updated since the import, then a listing of
those (pages of 100) or one look-up per request, whichever is fewer, and a search of the requests
created since each of the import's creates in doubt was sent; the first line says which.

Exit codes: 0 every update put back (or already back), 1 something is left for a person (conflicts,
failures, requests gone or not revertible, fields to clear by hand, creates to close; --dry-run
exits as the run would), 2 usage error or unreadable journal,
3 connection or authentication failure, 130 interrupted (--resume finishes the revert).

${CONNECTION_USAGE}`;

interface RevertFlags extends ConnectionFlags {
  journal?: string;
  'dry-run'?: boolean;
  'revert-journal'?: string;
  resume?: boolean;
  concurrency?: string;
  results?: string;
  json?: boolean;
  rate?: string;
}

export const command: CliCommand = {
  stopsOnSignal: true,
  usage,
  async run(argv, io) {
    const started = Date.now();
    const { values } = parseCommandLine('revert', argv, OPTIONS, false);
    const flags = values as RevertFlags;
    setMaxListeners(256, io.signal, io.hardSignal);
    if (!flags.journal)
      throw new UsageError('revert: --journal J is required: the journal of the import to undo');
    const journalPath = resolve(io.cwd, flags.journal);
    const revertPath = flags['revert-journal']
      ? resolve(io.cwd, flags['revert-journal'])
      : journalPath.replace(/(\.jsonl)?$/i, '.revert.jsonl');
    // Through a link to a file, that file is written (the link kept).
    const resultsPath = flags.results ? await throughLink(resolve(io.cwd, flags.results)) : null;
    if (resultsPath && revertResultsFormatOf(resultsPath) === null)
      throw new UsageError(`revert: --results '${flags.results}' must end in .json or .csv`);
    await checkInputFile('revert', '--journal', journalPath);
    if (resultsPath) await checkOutputFile('revert', '--results', resultsPath);
    const dryRun = flags['dry-run'] === true;
    if (!dryRun)
      await checkOutputFile(
        'revert',
        flags['revert-journal']
          ? '--revert-journal'
          : 'the revert journal (named after --journal; --revert-journal gives another)',
        revertPath,
      );
    const journalBase = flags.journal.replace(/(\.jsonl)?$/i, '');
    // The import's own files, as its journal names them (explore63 #3): never written over.
    const importHeader = await readJournalHeader(journalPath);
    const importFiles =
      importHeader?.kind === 'revert'
        ? []
        : importHeader
          ? await importFilesOf(journalPath, importHeader, io.cwd)
          : [];
    const resultsSuggestion = `${importStem(flags.journal)}-revert${resultsPath ? extname(resultsPath) : '.csv'}`;
    await refuseOverwritingInputs(
      'revert',
      [
        { path: journalPath, role: 'the journal being reverted', shown: flags.journal },
        // Where this import's reverts keep their journals in other folders: its --resume reads it.
        {
          path: revertWhereaboutsPath(journalPath),
          role: "where the import's reverts record their journals (its --resume reads it to know it was undone)",
          shown: relative(io.cwd, revertWhereaboutsPath(journalPath)),
        },
        ...importFiles,
      ],
      [
        ...(resultsPath
          ? [
              {
                path: resultsPath,
                flag: '--results',
                shown: flags.results!,
                what: 'the results',
                suggestion: resultsSuggestion,
              },
            ]
          : []),
        ...(dryRun
          ? []
          : [
              {
                path: revertPath,
                flag: '--revert-journal',
                shown: flags['revert-journal'] ?? revertPath,
                what: 'the revert journal',
                suggestion: `${journalBase}.revert.jsonl`,
              },
            ]),
      ],
    );
    // Under another name, what the file holds says it: only a revert's own results are replaced.
    const holds = resultsPath && importHeader ? await notRevertResults(resultsPath, importHeader) : null;
    if (holds)
      throw new UsageError(
        `revert: --results '${flags.results}' is ${holds}; writing it would destroy it. Write the results to another file, e.g. --results ${resultsSuggestion}`,
      );
    const concurrency =
      flags.concurrency === undefined ? DEFAULT_CONCURRENCY : wholeNumber(flags.concurrency, '--concurrency');
    const ratePerSecond = rateFlag(flags.rate);
    const settleMs = testSettleMs(io.env, (text) => io.stderr.write(`${text}\n`));
    const source = await readRevertSource(journalPath, sha256);
    for (const notice of source.notices) io.stderr.write(`trackops-bulk: ${notice}\n`);
    // The revert as it was started, connection included (cli/resume-command.ts): what finishes it.
    const line = {
      journal: flags.journal,
      revertJournal: flags['revert-journal'],
      results: flags.results,
      rate: flags.rate,
      concurrency: flags.concurrency,
      connection: flags,
    };
    const again = revertCommand(line, true);

    // CONTRACTS section 1: --resume with nothing to resume is refused (exit 2), never a fresh start: a
    // --resume given another import's journal would otherwise undo that import with no preview.
    if (flags.resume && !(await readJournalHeader(revertPath)))
      throw new UsageError(await nothingToResume(flags, journalPath, revertPath, io.cwd, line));

    const connection = await openRequiredConnection('revert', flags, io.env, '', { cwd: io.cwd });
    // Before any request (explore63 #4): the import's requests are looked up, and put back, in the
    // account this revert is connected to; in another one they would be someone else's, or a copy's.
    const otherAccount = otherAccountError(flags.journal, source.header.account, connection.account, {
      would:
        'reverting would look its requests up there (a copy of them would read "already as before", and could be written to), and leave the account the import wrote as the import left it',
      wayOut: 'Revert it connected to that account (the --url or --profile the import was run with)',
    });
    if (otherAccount) {
      await connection.close();
      throw otherAccount;
    }
    let journal: Journal | null = null;
    /** Where a revert journal in another folder than the import's is recorded (said at the end). */
    let recordedIn: string | null = null;
    let importLock: JournalLock | null = null;
    const counters = { requests: 0, retries: 0 };
    try {
      if (dryRun) {
        // The import still sending: what it sent so far is not the undo's whole (explore 63 item 5).
        const inUse = await journalInUse(journalPath, thisProcess());
        if (inUse) throw inUse;
      } else {
        // A revert already started is finished with --resume, never started over (its journal would be lost).
        if (!flags.resume && (await readJournalHeader(revertPath)))
          throw new UsageError(await earlierRevertWords(revertPath, source.entries, again));
        // The import's journal is held too: an import resumed during the revert would change what it undoes.
        importLock = await lockJournal(journalPath, thisProcess(), 'revert');
        // A revert journal in another folder is recorded beside the import's first, so that the import's
        // --resume finds its undo (core's revert-whereabouts.ts); refused here when it cannot be.
        recordedIn = await recordRevertWhereabouts(journalPath, revertPath);
        journal = await openJournal(
          revertPath,
          {
            file: source.path,
            fileHash: source.hash,
            mappingHash: 'revert',
            mode: source.header.mode,
            kind: 'revert',
            // So that its --resume is refused in another account too (checkBinding).
            account: connection.account,
          },
          { resume: flags.resume === true, owner: thisProcess() },
        );
        for (const notice of journal.notices) io.stderr.write(`trackops-bulk: ${notice}\n`);
      }
      let unread: unknown = null;
      const session = await openWritingSession(
        io,
        connection,
        'revert',
        { ratePerSecond, concurrency },
        counters,
        undefined,
        (error) => (unread = error),
      );
      if (typeof session === 'number') {
        const removed = journal ? await discardUnusedJournal(journal) : true;
        // A refusal that is no outage (a certificate, the address's scheme): what to do, then which
        // command runs the revert again (as a stop while sending says it).
        const next = io.signal.aborted
          ? null
          : refusalNextStep(unread, { fresh: revertCommand(line, false), again, dryRun }, removed);
        if (next) io.stderr.write(`${next}\n`);
        // Stopped while the reference data was read: said, with what runs it again (it was silent).
        if (io.signal.aborted)
          io.stderr.write(
            removed
              ? `trackops-bulk: revert: interrupted while reading the account's reference data, before anything was sent. To run it again: ${revertCommand(line, false)}\n`
              : `trackops-bulk: revert: interrupted while reading the account's reference data, before this run sent anything. To finish it: ${again}\n`,
          );
        return session;
      }
      const { api, pacer, reference } = session;
      const done = new Set(
        [...(journal?.state.finished.keys() ?? [])].filter(
          (row) => journal!.state.finished.get(row)!.status === 'updated',
        ),
      );
      // The failures to try again an earlier run recorded: a stop tells its own refusals from these.
      const failedBefore = new Map(journal?.state.failedLast ?? []);
      let cost: RevertCheckCost | null = null;
      let outcome: RevertOutcome;
      const show = progressLine(io);
      // What the check and the revert's searches met, said by a revert that ends on an error too.
      let metNotes: () => string[] = () => [];
      const notesSaid = (): string =>
        metNotes()
          .map((note) => `${note}.\n`)
          .join('');
      try {
        const check = await checkCurrent(api, revertTargets(source, done), {
          zone: source.stampZone,
          // Reads only, before the first write: the first Ctrl-C stops it.
          signal: io.signal,
          onCost: (found) => {
            cost = found;
            if (!flags.json && io.stderr.isTTY)
              io.stderr.write(`revert: ${revertCheckWords(found, undefined, inDoubtOf(source))}\n`);
          },
        });
        metNotes = () => check.searchesMet.notes();
        outcome = await runRevert({
          waysOut: CLI_WAYS_OUT,
          source,
          api,
          pacer,
          stored: check.stored,
          searchesMet: check.searchesMet,
          ...(journal ? { journal } : {}),
          dryRun,
          signal: io.signal,
          hardSignal: io.hardSignal,
          onProgress: show,
          // At the import line's pace: at most ten times a second (it was rewritten at every request).
          progressEveryMs: PROGRESS_EVERY_MS,
          // A request waiting for this revert's earlier PUT without an answer: said, with until when.
          onEarlierSendWait: (wait) => {
            if (wait) {
              show(null);
              io.stderr.write(`revert: ${wait.words}\n`);
            }
          },
          ...(settleMs === undefined ? {} : { lostCreateWaits: { settleMs } }),
          words: { reference },
          ownWrites: await ownWritesBeside(journalPath, [io.cwd]),
        });
      } catch (error) {
        show(null);
        await journal?.close();
        // Nothing recorded as sent (refused by the check, stopped before the first request): the new
        // journal is removed, and the revert is run again as it was, not finished with --resume.
        const removed = journal ? await discardUnusedJournal(journal) : false;
        const fresh = revertCommand(line, false);
        // A preview starts no revert: nothing to finish (its --resume is refused), the preview runs again.
        const startsAgain = removed || dryRun;
        const runAgain = dryRun ? `${fresh} --dry-run` : fresh;
        if (io.hardSignal.aborted || io.signal.aborted) {
          io.stderr.write(
            startsAgain
              ? `trackops-bulk: revert: aborted before anything was sent. To run it again: ${runAgain}\n`
              : `trackops-bulk: revert: aborted. To finish it: ${again}\n`,
          );
          // The put-backs whose answer the second Ctrl-C cut, named (the resume reads each back
          // first), in the words and in --json's error object, as an import's stop names its rows.
          const inDoubt = startsAgain
            ? []
            : putBacksInDoubtOf(journal?.state.inDoubt ?? new Map(), source.entries);
          const inDoubtWords = putBacksInDoubtWords(inDoubt);
          if (inDoubtWords) {
            io.stderr.write(`${inDoubtWords}\n`);
            io.keyed?.({ rows_in_doubt: inDoubt });
          }
          return EXIT.interrupted;
        }
        if (error instanceof DiskFullError) {
          // As an import's (explore 10 item 2): stopped where the disk refused, resumable.
          io.stderr.write(
            notesSaid() +
              `trackops-bulk: revert: stopped: ${error.reason}. Nothing more was sent.\n` +
              (removed
                ? `${sentence(error.advice)}, then run the revert again: ${fresh}\n`
                : `${sentence(error.advice)}, then finish the revert with: ${again}\n`),
          );
          return EXIT.interrupted;
        }
        // The put-backs this stop's refusal kept from leaving (recorded by core as failures to try
        // again), and what this run put back before it.
        const refusedNow = [...(journal?.state.failedLast.values() ?? [])].filter(
          (failed) =>
            failed !== failedBefore.get(failed.row) &&
            failed.error?.code === (error as { code?: unknown }).code,
        );
        const putBackNow = [...(journal?.state.finished.values() ?? [])].filter(
          (finished) => finished.status === 'updated' && !done.has(finished.row),
        ).length;
        const notPutBack = notPutBackWords(refusedNow, source.entries, putBackNow);
        const notPutBackLine = notPutBack ? `${notPutBack}\n` : '';
        const next = refusalNextStep(error, { fresh, again, dryRun }, removed);
        if (next) {
          // Not "when Trackops answers": it did, and answers the same way until the clerk acts.
          io.stderr.write(
            notesSaid() + `trackops-bulk: revert: ${(error as Error).message}\n${notPutBackLine}${next}\n`,
          );
          return EXIT.connection;
        }
        if (error instanceof AuthError || isConnectionFailure(error)) {
          io.stderr.write(
            notesSaid() +
              `trackops-bulk: revert: ${(error as Error).message}\n` +
              notPutBackLine +
              (startsAgain
                ? `Nothing was sent; when Trackops answers, run the revert again: ${runAgain}\n`
                : `Nothing more was sent; when Trackops answers, finish the revert with: ${again}\n`),
          );
          return EXIT.connection;
        }
        throw error;
      }
      show(null);
      await journal?.close();
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      // What the searches met (a filter Trackops ignored…) is said as notes, not counted in the summary.
      const { searchNotes, ...counts } = outcome.summary;
      const notes = searchNotes.map((note) => `${note}.`);
      const summary = { ...counts, requests: counters.requests, retries: counters.retries, seconds };
      if (resultsPath)
        await writeRevertResults(resultsPath, {
          journal: flags.journal,
          dryRun,
          summary,
          check: cost,
          rows: outcome.rows,
        });
      // Put-backs sent whose answer never came (a second Ctrl-C, most often): named, with how the resume
      // settles them, and under --json as `rows_in_doubt` (the shape an import gives an update in doubt).
      const inDoubt = dryRun ? [] : putBacksInDoubtOf(journal?.state.inDoubt ?? new Map(), source.entries);
      if (flags.json)
        io.stdout.write(
          JSON.stringify({
            dryRun,
            ...summary,
            ...(notes.length ? { notes } : {}),
            ...(inDoubt.length ? { rows_in_doubt: inDoubt } : {}),
          }) + '\n',
        );
      else
        io.stdout.write(
          humanReport(
            outcome,
            summary,
            dryRun,
            cost,
            resultsPath,
            dryRun ? null : { path: revertPath, recordedIn },
            source.header.file,
            notes,
          ) + '\n',
        );
      if (outcome.summary.interrupted) {
        // --json changes stdout only: the resume command is said on stderr either way.
        const inDoubtWords = putBacksInDoubtWords(inDoubt);
        io.stderr.write(
          `${inDoubtWords ? `${inDoubtWords}\n` : ''}Stopped. To finish the revert: ${again}\n`,
        );
        return io.signal.aborted ? EXIT.interrupted : EXIT.rowsFailed;
      }
      // The dry run exits as the real run would: 1 when something would be left for a person.
      const s = outcome.summary;
      return s.conflict + s.failed + s.gone + s.notRevertible + s.created + s.leftToClear > 0
        ? EXIT.rowsFailed
        : EXIT.ok;
    } finally {
      await journal?.close();
      await importLock?.release();
      await connection.close();
    }
  },
};

const OPTIONS = {
  journal: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'revert-journal': { type: 'string' },
  resume: { type: 'boolean' },
  concurrency: { type: 'string' },
  results: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * Why `--resume` is refused: no revert of this journal was started. Names the command that resumes a
 * revert that was started beside it (another import's, by its own journal), and the command that
 * previews this one.
 */
async function nothingToResume(
  flags: RevertFlags,
  journalPath: string,
  revertPath: string,
  cwd: string,
  /** The command as given: its connection and pace carried into the commands suggested (never the token). */
  given: RevertCommandLine,
): Promise<string> {
  const how = { rate: given.rate, concurrency: given.concurrency, connection: given.connection };
  const folder = dirname(revertPath);
  const started: string[] = [];
  for (const name of (await readdir(folder).catch(() => [] as string[])).sort()) {
    if (!name.endsWith('.revert.jsonl')) continue;
    const path = join(folder, name);
    const header = await readJournalHeader(path);
    if (header?.kind !== 'revert' || header.file === journalPath) continue;
    started.push(
      revertCommand(
        {
          journal: relative(cwd, header.file) || header.file,
          revertJournal: relative(cwd, path),
          ...how,
        },
        true,
      ),
    );
  }
  const preview = `${revertCommand({ journal: flags.journal!, ...how }, false)} --dry-run`;
  const elsewhere = started.length
    ? ` A revert of another import was started here; to finish it: ${started.slice(0, 3).join('; or ')}.`
    : '';
  return `revert: --resume: no revert of ${flags.journal} was started (${relative(cwd, revertPath) || revertPath} does not exist), so there is nothing to finish and nothing was sent.${elsewhere} To undo this import, see what it would put back with: ${preview}; then run that without --dry-run`;
}

/** The import's creates in doubt the revert looks for (core's runRevert: those whose intent it kept). */
function inDoubtOf(source: RevertSource): { creates: number } {
  return { creates: source.creates.filter((create) => create.inDoubt && create.intent).length };
}

/** The preview (dry run) or the result: every request that matters, then the counts. */
function humanReport(
  outcome: RevertOutcome,
  summary: Omit<RevertOutcome['summary'], 'searchNotes'> & {
    requests: number;
    retries: number;
    seconds: number;
  },
  dryRun: boolean,
  cost: RevertCheckCost | null,
  resultsPath: string | null,
  revertJournal: { path: string; recordedIn: string | null } | null,
  importFile: string,
  notes: readonly string[],
): string {
  const lines: string[] = [];
  for (const row of outcome.rows) lines.push(...rowLines(row));
  const s = summary;
  const verb = dryRun ? `${s.toRevert} would be put back` : `${s.reverted} put back`;
  lines.push(
    `${s.updates} ${s.updates === 1 ? 'update' : 'updates'} of the import: ${verb}, ${s.unchanged} already as before, ${s.conflict} changed since (not touched), ` +
      `${s.failed} failed, ${s.gone} gone, ${s.notRevertible} not revertible${s.notSent ? `, ${s.notSent} not sent` : ''}; ` +
      `${s.created} created by the import${s.created ? ' (close or delete them in Trackops)' : ''}` +
      `${s.createdChanged ? `, ${s.createdChanged} of them changed in Trackops since (by someone, or by a later import each row names: look before deleting)` : ''}` +
      `${s.notCreated ? `; ${s.notCreated} not known to be created by the import (do not delete without checking: each row says why)` : ''} (${s.requests} requests, ${s.seconds} s).`,
  );
  if (s.leftToClear)
    lines.push(
      `${s.leftToClear === 1 ? '1 request' : `${s.leftToClear} requests`} ${dryRun ? 'to put back' : 'put back'} ` +
        `${s.leftToClear === 1 ? 'leaves' : 'leave'} fields the Trackops update cannot clear (empty before the import): ` +
        'clear them by hand in Trackops (each row above says which).',
    );
  if (cost) lines.push(`${capitalised(revertCheckWords(cost, undefined, outcome.inDoubtSearch))}.`);
  lines.push(...notes);
  if (s.fromJournal)
    lines.push(
      `${s.fromJournal === 1 ? '1 request was' : `${s.fromJournal} requests were`} put back by an earlier run of this revert (not sent again).`,
    );
  if (dryRun && s.toRevert)
    lines.push('Nothing was sent. Run again without --dry-run to put these values back.');
  // Explore 63: the import this undoes is not finished afterwards (core's undone-import.ts refuses its
  // --resume): said here, so that a stopped run's unsent rows are no surprise to whoever undid it.
  lines.push(
    `${dryRun ? "Once put back, the import's own --resume is refused" : "The import's own --resume is refused from now on"}: rows of ${importFile} it had not sent ` +
      '(a run that was stopped, or a trial with --limit) will not go in through it; to send that file after all, import it again as a new run.',
  );
  if (revertJournal && !dryRun) {
    lines.push(`Revert journal: ${revertJournal.path}`);
    // In another folder than the import's: the record is what the import's --resume finds it by.
    if (revertJournal.recordedIn)
      lines.push(
        `Its place is recorded beside the import's journal, in ${revertJournal.recordedIn}: the import's --resume reads it to know it was undone (keep both).`,
      );
  }
  if (resultsPath) lines.push(`Results written to ${resultsPath}`);
  return lines.join('\n');
}

/** A value on one line: a line break in it written as \n (\r\n, \r), as messages write it elsewhere. */
function shownValue(value: unknown): string {
  return shownBreaks(String(value ?? ''));
}

function rowLines(row: RevertRowResult): string[] {
  // A create whose answer was lost names no request: "row 3", not "row 3:" (explore 22: "row 3::").
  const request = row.case_request_number ?? (row.id === undefined ? null : `request ${row.id}`);
  const name = request === null ? `row ${row.row}` : `row ${row.row}: ${request}`;
  switch (row.status) {
    case 'to_revert':
    case 'reverted':
      // No fields listed (put back by an earlier run): its words on the same line, never a bare colon.
      if (row.changes.length === 0) {
        const verb = row.status === 'reverted' ? 'put back' : 'would put back';
        if (!row.message) return [`${name} ${verb}.`];
        return [row.message.startsWith(verb) ? `${name}: ${row.message}` : `${name} ${verb}: ${row.message}`];
      }
      return [
        `${name} ${row.status === 'reverted' ? 'put back' : 'would put back'}:`,
        ...row.changes.map(
          (change) => `    ${change.label}: '${shownValue(change.old)}' → '${shownValue(change.new)}'`,
        ),
        ...(row.message ? [`    ${row.message}`] : []),
      ];
    case 'conflict':
      return [
        ...(row.conflicts?.length
          ? [
              `${name} changed in Trackops since the import, not touched:`,
              ...row.conflicts.map(
                (field) =>
                  `    ${field.label}: the import set '${shownValue(field.ours)}', Trackops now holds '${shownValue(field.current)}'`,
              ),
            ]
          : [`${name} not touched: ${row.message ?? ''}`]),
        ...(row.byHand?.length
          ? [
              '  to put back by hand what should be, the values from before the import (now → before):',
              ...row.byHand.map(
                (field) => `    ${field.label}: '${shownValue(field.now)}' → '${shownValue(field.before)}'`,
              ),
            ]
          : []),
      ];
    case 'created':
    case 'created_changed':
    case 'not_created':
      return [`${name}: ${row.message ?? ''}`];
    case 'unchanged':
      return [];
    default:
      return [`${name} ${row.status.replace('_', ' ')}: ${row.message ?? ''}`];
  }
}

/** One line on a TTY, rewritten in place. Quiet otherwise. */
function progressLine(io: CliIo): (progress: RevertProgress | null) => void {
  const tty = io.stderr.isTTY === true;
  let shown = false;
  return (progress) => {
    if (!tty) return;
    if (progress === null) {
      if (shown) io.stderr.write('\r\x1b[K');
      return;
    }
    io.stderr.write(
      `\r\x1b[K${progress.done}/${progress.total} checked: put back ${progress.reverted}, conflicts ${progress.conflict}, failed ${progress.failed}`,
    );
    shown = true;
  };
}

function capitalised(text: string): string {
  return text === '' ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function wholeNumber(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new UsageError(`revert: ${flag} '${value}' must be a whole number of at least 1`);
  return number;
}

/** "free some space" as the start of a sentence. */
function sentence(words: string): string {
  return words === '' ? words : `${words[0]!.toUpperCase()}${words.slice(1)}`;
}

/**
 * Why a revert is not started again, from what its journal records: finished (every request the import
 * changed has an outcome and none is in flight) is said as finished, with what it did; otherwise what
 * is left (explore 14 item 8: a finished revert was told to "finish it with --resume").
 */
async function earlierRevertWords(
  revertPath: string,
  entries: readonly { row: number }[],
  again: string,
): Promise<string> {
  const { lines } = await readJournalFile(revertPath);
  const outcomes = new Map<number, string>();
  const intents = new Set<number>();
  for (const line of lines) {
    if (line.type === 'intent') intents.add(line.row);
    else outcomes.set(line.row, line.status);
  }
  const inFlight = [...intents].filter((row) => !outcomes.has(row)).length;
  const putBack = [...outcomes.values()].filter((status) => status === 'updated').length;
  const failed = [...outcomes.values()].filter((status) => status === 'failed').length;
  const did = `${putBack} request${putBack === 1 ? '' : 's'} put back${failed ? `, ${failed} failed` : ''}`;
  if (inFlight === 0 && entries.every((entry) => outcomes.has(entry.row)))
    return (
      `revert: this journal was already reverted (${revertPath}): ${did}; the revert is finished and nothing is ` +
      `left to send. To see its result again (nothing is sent twice): ${again}`
    );
  return (
    `revert: a revert of this journal was already started (${revertPath}) and may not be finished: ${did} so far` +
    `${inFlight ? `, ${inFlight} sent without an answer recorded` : ''}; the other requests it undoes were left as they ` +
    `were (changed in Trackops since, or not reached if it was stopped). Finish it (or see its result) with: ${again}`
  );
}
