/**
 * The app's way back for its own round-trip export (Export, "Round trip" columns): core's round-trip
 * path (prepareRoundTripImport), the one the CLI's `validate FILE` and `import FILE` take, never the
 * file read as a plain update file. Read as a plain file, every exported value that differs from
 * Trackops now would be sent back, overwriting a colleague's change made since the export (report 4,
 * item 1); core's path sends only the cells edited since the export and reports a request changed in
 * Trackops meanwhile as a conflict, never overwriting it.
 *
 * Whether a file is a round trip is decided here from its bytes, never from what the renderer says, so
 * a round-trip file cannot be checked or sent as a plain update file whatever mapping comes with it.
 */
import {
  bytesSource,
  checkRoundTripAccount,
  openSheet,
  prepareRoundTripImport,
  readRoundTripExport,
  roundTripNotes,
  type AccountReference,
  type ByteSource,
  type RoundTripImport,
  type RowOutcome,
  type TrackopsApi,
} from '../../core/index.ts';
import type { RoundTripView } from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { RowChecker } from './dry-runs.ts';
import type { RoundTripFile } from './round-trip-file.ts';
import { APP_WAYS_OUT } from '../bridge/ways-out.ts';

export type { RoundTripFile };

/**
 * The round-trip export a file is, read from its bytes (no request); null when it is not one. A
 * round-trip sheet of another version is refused (core's `unsupported_round_trip`); a file the reader
 * cannot open is left to the sheet reader, which names what is wrong with it. Given the source the
 * sheet is then opened from, the workbook is laid out once for both (core's readWorkbookLayout).
 */
export async function roundTripOf(source: ByteSource): Promise<RoundTripFile | null> {
  return readRoundTripExport(source).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'unsupported_round_trip') throw error;
    return null;
  });
}

/**
 * Refuses (core's `round_trip_other_account`, naming both accounts) a file exported from another
 * account than the connection's, before any request: ids name other requests in another account.
 */
export function checkAccountOf(fileName: string, file: RoundTripFile, connectionLabel: string): void {
  checkRoundTripAccount(fileName, file.exportedFrom, connectionLabel);
}

/** The data sheet's name, header row and headers, for the grid (the file is read, no request). */
export async function roundTripSheet(
  fileName: string,
  bytes: Uint8Array,
  file: RoundTripFile,
): Promise<{ sheet: string | null; headerRow: number; headers: string[] }> {
  const opened = await openSheet(bytesSource(fileName, bytes), {
    ...(file.mapping.source?.sheet !== undefined ? { sheet: file.mapping.source.sheet } : {}),
    headerRow: 1,
  });
  return { sheet: opened.sheet, headerRow: opened.headerRow, headers: opened.headers };
}

/**
 * The dry run of a round trip: core's preview (`validate FILE`: each edited request read once, each
 * row's change preview), the account checked before any request. Rows are not fixed or left out here:
 * a fix re-checks one row without the export's record of it (the cell's exported hash, the request's
 * updated_at), so an edit made in the app could pass as the clerk's while overwriting a colleague's.
 */
export function roundTripChecker(deps: {
  fileName: string;
  bytes: Uint8Array;
  file: RoundTripFile;
  api: TrackopsApi;
  reference: AccountReference;
  connectionLabel: string;
}): RowChecker & { roundTrip(): RoundTripView | null } {
  let trip: RoundTripImport | null = null;
  const refuse = (row: number): never => {
    throw new BridgeFailure(
      'round_trip_row',
      `Row ${row} of ${deps.fileName} is a row of a round-trip export: it is not changed in the app, so that only the cells you edited in the file, checked against the export, are sent. ` +
        'Edit the cell in the file, save it, and choose the file again.',
    );
  };
  return {
    async *rows(signal, onChecked) {
      trip = await prepareRoundTripImport(bytesSource(deps.fileName, deps.bytes), deps.api, {
        waysOut: APP_WAYS_OUT,
        reference: deps.reference,
        preview: true,
        connectionLabel: deps.connectionLabel,
        signal,
      });
      if (!trip) throw new BridgeFailure('stale', `${deps.fileName} is no longer a round-trip export.`);
      let rows = 0;
      for await (const outcome of trip.outcomes) {
        onChecked((rows += 1));
        yield outcome;
      }
    },
    track: () => {},
    fix: async (source) => refuse(source.row),
    leave: async (row) => refuse(row),
    skippedBlank: () => 0,
    roundTrip: () => (trip ? roundTripView(deps.file, trip) : null),
  };
}

/** What the screens show of a round trip once every edited row is checked. */
export function roundTripView(file: RoundTripFile, trip: RoundTripImport): RoundTripView {
  const summary = trip.summary();
  return {
    exportedAt: file.exportedAt,
    exportedFrom: file.exportedFrom,
    rows: summary.rows,
    edited: summary.rows - summary.unchanged - summary.skipped,
    unchanged: summary.unchanged,
    changed: summary.changed,
    alreadyApplied: summary.alreadyApplied,
    conflicts: summary.conflicts,
    refused: summary.invalid,
    missing: summary.missing,
    ignoredColumns: trip.ignoredColumns,
    notes: roundTripNotes(summary),
  };
}

/** The round trip's outcomes for a send: core's path, re-checked against the account just before sending. */
export async function roundTripSend(deps: {
  fileName: string;
  bytes: Uint8Array;
  api: TrackopsApi;
  reference: AccountReference;
  connectionLabel: string;
  signal?: AbortSignal;
  /** Once every edited row is checked, before anything is sent (core's onChecked). */
  onChecked?: (checked: { sendable: number; unread: number }) => void;
}): Promise<RoundTripImport & { outcomes: AsyncIterable<RowOutcome> }> {
  const trip = await prepareRoundTripImport(bytesSource(deps.fileName, deps.bytes), deps.api, {
    waysOut: APP_WAYS_OUT,
    reference: deps.reference,
    connectionLabel: deps.connectionLabel,
    ...(deps.onChecked ? { onChecked: deps.onChecked } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  if (!trip) throw new BridgeFailure('stale', `${deps.fileName} is no longer a round-trip export.`);
  return trip;
}
