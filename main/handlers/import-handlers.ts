/** Sending: start (trial or all), pause/resume/cancel, status, and the results download (CONTRACTS section 3). */
import { join, parse } from 'node:path';
import { openResultsWriter } from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { DryRuns } from '../session/dry-runs.ts';
import type { ImportRuns } from '../session/import-runs.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { MIME, type HostFiles } from './host-files.ts';
import { SANDBOX_PROFILE_ID } from '../storage/profiles.ts';
import { journalAccountOf, type PracticeAccount } from '../session/journal-account.ts';
import { refuseStaleRows } from '../session/stale-reference.ts';
import type { AccountReading, AccountReadings } from '../session/account-readings.ts';

export function importHandlers(deps: {
  dryRuns: DryRuns;
  imports: ImportRuns;
  sources: SourceRegistry;
  accounts: Accounts;
  host: HostFiles;
  tempDir: string;
  practice: PracticeAccount;
  readings: AccountReadings;
}): Pick<
  BridgeHandlers,
  | 'startImport'
  | 'pauseImport'
  | 'resumeImport'
  | 'cancelImport'
  | 'importStatus'
  | 'runningSends'
  | 'saveResults'
> {
  const { dryRuns, imports, sources, accounts, host, tempDir, practice, readings } = deps;
  return {
    async startImport({
      runId,
      profileId,
      limitRows,
      ratePerSecond,
      concurrency,
      force,
      rows,
      newImport,
      recheckAfterSeconds,
      readingId,
    }) {
      const run = dryRuns.get(runId);
      if (run.profileId !== profileId) {
        throw new BridgeFailure(
          'stale',
          'The connection changed since this dry run: go back and run the check again against the connection in use.',
        );
      }
      // Issue 17: the "already running" check and the record of this send happen before any await.
      const reservation = imports.reserve(runId);
      let reading: AccountReading | null = null;
      try {
        // Every request of the profile keeps the profile's pace (Connection screen), unless the call asks otherwise.
        const { settings, pace, recheckAfterMs, name, api, onApiEvent } = await accounts.open(profileId);
        // Until the send has a status, what it reads is said under the page's readingId: the lists, a
        // round trip's re-check, the look for another import of these rows (the send's own client).
        reading = readings.start(
          readingId,
          "the account's case types, regions, services and fields again before sending",
          'nothing has been sent yet',
          api.timeoutMs,
        );
        const stopHearing = onApiEvent(reading.heard);
        // The send may start minutes or days after the dry run: the account's lists are read again
        // (a few requests, against a run of many rows), and rows built on lists changed since are not
        // sent (stale-reference.ts, explore 34 item 1). A round trip's rows are built again from the
        // file at its start with this read (core's round-trip path), so only its words use it.
        const reference = await accounts.freshReference(profileId, 'nothing was sent').finally(stopHearing);
        if (!run.roundTrip) refuseStaleRows(run, reference);
        const recheckMs =
          recheckAfterSeconds === undefined ? recheckAfterMs : Math.round(recheckAfterSeconds * 1000);
        return await imports.start(
          {
            run,
            bytes: sources.get(run.sourceId).bytes,
            settings,
            // As journals record it: the practice account by name (its address changes each start).
            account: journalAccountOf(profileId, settings.baseUrl, practice),
            remember: profileId !== SANDBOX_PROFILE_ID || practice.kept,
            connectionName: name,
            ...(limitRows ? { limitRows } : {}),
            ...(force ? { force } : {}),
            ...(rows ? { rows } : {}),
            ...(newImport ? { newImport } : {}),
            ratePerSecond: ratePerSecond ?? pace.ratePerSecond,
            concurrency: concurrency ?? pace.concurrency,
            ...(recheckMs === undefined ? {} : { recheckAfterMs: recheckMs }),
            // A round trip's re-check before sending reads the account's fields (core's round-trip path);
            // every send names the account's labels in its words ("Claim Number", not "Reference 1").
            reference,
            onApiEvent: reading.heard,
          },
          reservation,
        );
      } finally {
        reading?.done();
        reservation.release();
      }
    },
    pauseImport: async ({ runId }) => imports.pause(runId),
    resumeImport: async ({ runId }) => imports.resume(runId),
    cancelImport: async ({ runId }) => imports.cancel(runId),
    importStatus: async ({ runId }) => imports.status(runId),
    async runningSends() {
      return {
        sends: imports.toShowAgain().flatMap((status) => {
          // A send whose dry run was replaced since (checked again in the same window) is still
          // shown there; only a send whose dry run is kept can be shown again.
          const run = dryRuns.find(status.runId);
          return run ? [{ profileId: run.profileId ?? null, summary: run.summary, status }] : [];
        }),
      };
    },

    async saveResults({ runId, format }) {
      const run = dryRuns.get(runId);
      const { results, summary } = imports.results(runId);
      const path = join(tempDir, `${runId}-results.${format}`);
      const notes: string[] = [];
      const writer = await openResultsWriter(path, {
        file: run.fileName,
        sheet: run.sheet,
        mode: run.mapping.mode ?? 'create',
        headers: run.headers,
        headerRow: run.headerRow,
        onNotice: (message: string) => notes.push(message),
        ...(format === 'xlsx' && /\.xls[xm]$/i.test(run.fileName)
          ? { workbook: sources.byteSource(run.sourceId) }
          : {}),
      });
      for (const result of results) await writer.write(result);
      await writer.close(summary);
      const delivered = await host.deliver({
        fileName: `${parse(run.fileName).name}-results.${format}`,
        mimeType: MIME[format],
        path,
      });
      return notes.length ? { ...delivered, note: notes.join(' ') } : delivered;
    },
  };
}
