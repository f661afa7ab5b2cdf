/**
 * A revert as the engine runs it, for tests (issue 18): core's journal reader, check, runner and
 * journal, against a sandbox over real HTTP, as the CLI and the app drive them.
 */
import { createTrackopsApi } from '../../core/api/client.ts';
import { openJournal, sha256 } from '../../core/batch/journal.ts';
import { checkCurrent } from '../../core/batch/revert-check.ts';
import { runRevert, type RevertOutcome, type RevertRunOptions } from '../../core/batch/revert-run.ts';
import { readRevertSource, revertTargets } from '../../core/batch/revert-source.ts';
import { ownWritesBeside } from '../../core/batch/revert-chain.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { PaceClock } from '../../core/batch/progress-pace.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import type { RevertCheck } from '../../core/batch/revert-check.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

export async function revertInProcess(options: {
  sandbox: RunningSandbox;
  journal: string;
  revertJournal: string;
  dryRun?: boolean;
  resume?: boolean;
  /** Talk to this base URL instead of the sandbox's (a proxy in front of it). */
  baseUrl?: string;
  /**
   * The settle window of a put-back that got no answer (earlier-sends.ts); none unless a test asks for
   * one, as in-process imports (helpers.ts TEST_WAITS): a resume at once after a cut journal need not wait.
   */
  settleMs?: number;
  /** The run's progress, at this pace kept by this clock (progress-pace.ts). */
  progressClock?: PaceClock;
  onProgress?: RevertRunOptions['onProgress'];
  progressEveryMs?: number;
}): Promise<RevertOutcome & { check: RevertCheck }> {
  const pacer = createPacer({ ratePerSecond: 500, concurrency: 3 });
  const api = createTrackopsApi(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: options.baseUrl ?? options.sandbox.baseUrl,
      user: options.sandbox.username,
      token: options.sandbox.token,
    },
    { pacer },
  );
  const source = await readRevertSource(options.journal, sha256);
  const journal = options.dryRun
    ? undefined
    : await openJournal(
        options.revertJournal,
        {
          file: source.path,
          fileHash: source.hash,
          mappingHash: 'revert',
          mode: source.header.mode,
          kind: 'revert',
        },
        { resume: options.resume === true, owner: thisProcess() },
      );
  try {
    const check = await checkCurrent(api, revertTargets(source));
    const outcome = await runRevert({
      waysOut: CLI_WAYS_OUT,
      source,
      api,
      pacer,
      stored: check.stored,
      ...(journal ? { journal } : {}),
      dryRun: options.dryRun === true,
      words: { reference: await api.getReference() },
      ownWrites: await ownWritesBeside(options.journal),
      lostCreateWaits: { settleMs: options.settleMs ?? 0 },
      ...(options.progressClock ? { progressClock: options.progressClock } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.progressEveryMs === undefined ? {} : { progressEveryMs: options.progressEveryMs }),
    });
    return { ...outcome, check };
  } finally {
    await journal?.close();
  }
}
