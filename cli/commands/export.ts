/**
 * `trackops-bulk export --out OUT [filters…] [--columns report|round-trip] [--since-last] [--rate R] [--json]`
 * (CONTRACTS section 1): lists case requests with the API's filters and writes .xlsx or .csv. Flags
 * are parsed and checked here; everything else is core's exportCaseRequests, and for --since-last
 * core's window rules (core/export/since-last.ts) over a history file (cli/export-history.ts).
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  buildExportFilters,
  completedTimes,
  filterFlag,
  isDateFilter,
  resolvedDates,
  trimmedFilters,
  trimmedFilterWords,
} from '../../core/export/filters.ts';
import { COLUMN_PRESETS, type ColumnPreset } from '../../core/export/types.ts';
import { exportCaseRequests, type ExportProgress } from '../../core/export/export-case-requests.ts';
import { FILTER_NAMES, type FilterName } from '../../core/api/list-filters.ts';
import { fileSource } from '../../core/read/byte-sources.ts';
import { InputError } from '../../core/errors.ts';
import { lockExportOutput } from '../../core/export/output-lock.ts';
import { DiskFullError } from '../../core/files/disk-full.ts';
import { roundTripEdits } from '../../core/export/round-trip-edits.ts';
import { existingOutput } from '../../core/export/earlier-export.ts';
import { resolveDate } from '../../core/export/relative-dates.ts';
import { thisComputerTimeZone } from '../../core/mapping/time-zone.ts';
import type { ApiEvent } from '../../core/api/events.ts';
import {
  type SinceLastScope,
  type SinceLastWindow,
  sinceLastConflict,
  sinceLastWindow,
  withExport,
} from '../../core/export/since-last.ts';
import type { ServerClock } from '../../core/api/server-clock.ts';
import type { StampZone } from '../../core/api/stamp-zone.ts';
import { exitForAccountFailure, openAccountSession, rateFlag } from '../account-session.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseCommandLine, type FlagValues, type OptionTypes } from '../command-line.ts';
import { CONNECTION_USAGE, openRequiredConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import {
  EXPORT_HISTORY_ENV,
  exportHistoryPath,
  readExportHistory,
  saveExportHistory,
} from '../export-history.ts';
import { checkOutputFile, throughLink } from '../paths.ts';
import { sandboxDataPath } from '../sandbox-data.ts';
import { UsageError } from '../usage-error.ts';
import { thisProcess } from '../journal-owner.ts';
import { waitWords } from '../wait-notice.ts';

const usage = `Usage: trackops-bulk export --out FILE.xlsx|FILE.csv [filters…] [--columns report|round-trip]
                            [--since-last] [--rate R] [--no-bom] [--overwrite] [--json] [connection]

Lists case requests with the API's filters and writes them to .xlsx or .csv.

  --out FILE           where to write; the extension picks the format (.xlsx or .csv)
  --columns PRESET     report (default): headers a person reads, names instead of ids
                       round-trip: headers are mapping targets (client.name, custom_fields.12, …);
                       edit the .xlsx and bring it back with 'trackops-bulk import FILE --mode update'
  --since-last         only the requests updated since the last --since-last export of this connection,
                       column preset and filters (the first one exports every request). The window
                       starts 5 minutes before the previous export began, by the earlier of
                       Trackops' clock and this computer's, so a request may be in two exports,
                       never in none. Kept beside --profile FILE, else
                       in your data folder (env TRACKOPS_EXPORT_HISTORY); not with --updated-from/-to
  --rate R             requests per second to the API, e.g. 1/s (the default: Trackops publishes no
                       limit and may suspend accounts that abuse the API) or 120/min
  --no-bom             CSV: leave out the UTF-8 byte-order mark (Excel needs it to read UTF-8)
  --overwrite          replace --out even when it is not an earlier export (a workbook without
                       the "Export info" sheet, a CSV without an export's header: the carrier's
                       file, say), or a round-trip .xlsx holding edits not yet imported; without
                       it such a file is refused, saying what it is. An earlier export is replaced
  --json               print one JSON summary object at the end

Filters (the list endpoint's parameters):
  --id N  --client N  --location N  --primary-contact N  --primary-subject N  --series-number N
  --case-region ID|NAME           a region id, or its name as the account spells it (any case)
  --created-from D  --created-to D  --due-from D  --due-to D                   (dates)
  --created-from-system T  --created-to-system T  --updated-from T  --updated-to T  (UTC timestamps)
  --reference-value-1 V  --reference-value-2 V  --reference-value-3 V  --case-request-number V
  Dates: YYYY-MM-DD, today, yesterday, -7d, -1m, start-of-month, start-of-last-month: the days on this
  computer's calendar (its time zone), said with the export.
  Timestamps also take "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (UTC); a date means the whole UTC
  day and a time to the minute the whole minute (a "to" of 23:59 is sent as 23:59:59), said with the export.

${CONNECTION_USAGE}`;

/** A date filter's value may start with '-' (`--updated-from -7d`): the relative dates of the usage. */
const FILTER_OPTIONS: OptionTypes = Object.fromEntries(
  FILTER_NAMES.map((name) => [filterFlag(name).slice(2), { type: 'string', dashValue: isDateFilter(name) }]),
);

export const command: CliCommand = {
  stopsOnSignal: true,
  usage,
  async run(argv, io) {
    const values = parseFlags(argv);
    const out = values.out;
    if (typeof out !== 'string' || out === '') {
      throw new UsageError('export: --out FILE is required, e.g. --out requests.xlsx');
    }
    const format = /\.xlsx$/i.test(out) ? 'xlsx' : /\.csv$/i.test(out) ? 'csv' : null;
    if (!format) throw new UsageError(`export: --out '${out}' must end in .xlsx or .csv`);
    await checkOutputFile('export', '--out', resolve(io.cwd, out));
    // Explore 10 item 3: a second export into this file while one writes it is refused (exit 2).
    const path = await throughLink(resolve(io.cwd, out));
    const outputLock = await lockExportOutput(path, thisProcess(), out).catch((error: unknown) => {
      throw error instanceof InputError ? new UsageError(`export: ${error.message}`) : error;
    });
    if (outputLock.tookOverFrom) {
      const { pid, host, startedAt } = outputLock.tookOverFrom;
      io.stderr.write(
        `export: note: took over the lock of an export to ${out} that is no longer running (process ${pid} on ${host}, since ${startedAt})\n`,
      );
    }
    try {
      return await exportLocked(values, out, path, format, io);
    } finally {
      await outputLock.release();
    }
  },
};

/** The export itself, run while this process holds the output's lock. */
async function exportLocked(
  values: FlagValues,
  out: string,
  /** The file written: `out` resolved, through a link to a file (throughLink). */
  path: string,
  format: 'xlsx' | 'csv',
  io: CliIo,
): Promise<number> {
  if (!values.overwrite) {
    await refuseOtherFile(path, out, format);
    await refuseEditedRoundTrip(path, out, io.signal);
  }
  const preset = COLUMN_PRESETS.find((name) => name === (values.columns ?? 'report'));
  if (!preset) throw new UsageError(`export: --columns '${values.columns}' must be report or round-trip`);
  const raw: Partial<Record<FilterName, string>> = {};
  for (const name of FILTER_NAMES) {
    const value = values[filterFlag(name).slice(2)];
    if (typeof value === 'string') raw[name] = value;
  }
  const sinceLast = values['since-last'] === true;
  const conflict = sinceLast ? sinceLastConflict(raw) : null;
  if (conflict) {
    throw new UsageError(
      `export: --since-last sets the updated window itself (from the last export to now); leave out ${filterFlag(conflict)}, or use --updated-from/--updated-to without --since-last`,
    );
  }

  // Every filter but a region name is checked before connecting, so a typo costs no request.
  const now = new Date();
  buildExportFilters({ ...raw, case_region: undefined }, { now });
  const ratePerSecond = rateFlag(values.rate);
  const connection = await openRequiredConnection('export', values as ConnectionFlags, io.env, '', {
    cwd: io.cwd,
  });
  const started = Date.now();
  try {
    // Before the first request: a damaged history file costs no request.
    const since = sinceLast ? await openSinceLast(values, io, connection, preset, raw) : null;
    const status = new ProgressLine(io);
    // Same pacing as imports (one token bucket; reads spend it too); pages are read one after another.
    const { api, reference } = await openAccountSession(connection, {
      ratePerSecond,
      signal: io.signal,
      onEvent: (event) => status.event(event),
      warn: (line) => io.stderr.write(`export: note: ${line}\n`),
      waits: { stderr: io.stderr, command: 'export' },
    });
    const filters = buildExportFilters(raw, { now, reference });
    // Explore 25 item 3: which days "today", "-7d"… were taken as, said with the export (stderr, --json).
    const dates = resolvedDates(raw, filters).map(({ name, given, sent, day }) => ({
      flag: filterFlag(name),
      given,
      sent,
      // A timestamp flag's day (sent is its first or last second here, in UTC).
      ...(day ? { day, sentIn: 'UTC' } : {}),
    }));
    // Explore 35 item 1: which second a date or a time to the minute was sent as, said the same way.
    const times = completedTimes(raw, filters).map(({ name, given, sent }) => ({
      flag: filterFlag(name),
      given,
      sent,
    }));
    // A text filter sent without the spaces at its ends, or not at all (only spaces): said, never silent.
    const trimmed = trimmedFilters(raw).map((entry) => trimmedFilterWords(entry, filterFlag(entry.name)));
    // After the account's first answers: a window kept by our clock only is widened by what they show.
    const window = since?.windowBy(api.serverClock, api.stampZone) ?? null;
    if (window?.updatedFrom) filters.updated_from = window.updatedFrom;
    const guesses = [window?.guessed, window?.zoneGuess].filter((words) => typeof words === 'string');
    for (const words of guesses) io.stderr.write(`export: note: --since-last: ${words}\n`);
    const result = await exportCaseRequests({
      api,
      filters,
      format,
      preset,
      out: path,
      reference,
      accountLabel: connection.label,
      signal: io.signal,
      onProgress: status.update,
      csvBom: !values['no-bom'],
      ...(window ? { window } : {}),
    });
    status.clear();
    // Only now, with the file complete and in place, does the next window move on.
    const record = since && window ? await since.record(window, result, path) : null;
    // Explore 59 item 5: what --since-last guessed, that this was the first such export, and that its
    // time could not be kept (every night then exports everything again) were said on stderr only, the
    // first saying "the next export holds only what changed" even when the time could not be kept.
    const saidAfter = [
      ...(window && window.updatedFrom === null
        ? [
            `no earlier --since-last export of this connection with --columns ${preset} and these filters, so every matching request is exported` +
              (record?.kept
                ? '; the next --since-last export holds only what changed after this one began'
                : ''),
          ]
        : []),
      ...(record?.note ? [record.note] : []),
    ];
    // The guess was said on stderr before the export began.
    const sinceNotes = [...guesses.map((words) => `--since-last: ${words}`), ...saidAfter];
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (values.json) {
      const notes = [...trimmed, ...result.notes, ...sinceNotes];
      const summary = {
        rows: result.rows,
        file: path,
        format,
        columns: preset,
        sheets: result.sheets,
        seconds,
        ...(notes.length > 0 ? { notes } : {}),
        ...(dates.length > 0 ? { dates, timeZone: thisComputerTimeZone() } : {}),
        ...(times.length > 0 ? { times } : {}),
        ...(result.filterCheck
          ? {
              filterCheck: {
                listed: result.filterCheck.listed,
                kept: result.filterCheck.kept,
                leftOut: result.filterCheck.listed - result.filterCheck.kept,
                outside: result.filterCheck.outside.map(({ filters, count }) => ({ filters, count })),
                unchecked: result.filterCheck.unchecked,
                // Kept as listed: the check's record member is a guess (core/export/filter-check.ts).
                unconfirmed: result.filterCheck.unconfirmed.map(({ filter, field, records }) => ({
                  filter,
                  field,
                  records,
                })),
                // Kept as listed: a UTC instant whose day is inside the range in some zones only.
                ...(result.filterCheck.dayUncertain
                  ? {
                      dayUncertain: result.filterCheck.dayUncertain.map(({ filters, field, records }) => ({
                        filters,
                        field,
                        records,
                      })),
                    }
                  : {}),
              },
            }
          : {}),
        ...(window
          ? {
              sinceLast: {
                updatedFrom: window.updatedFrom,
                updatedTo: utcStamp(result.serverStartedAt ?? result.startedAt),
                previousStartedAt: window.previousStartedAt,
                // false: the next --since-last export starts from the earlier one again (`notes` says why).
                kept: record?.kept === true,
              },
            }
          : {}),
      };
      io.stdout.write(JSON.stringify(summary) + '\n');
    } else {
      const sheets =
        result.sheets.length > 1 ? ` (${result.sheets.length} sheets: past Excel's row limit)` : '';
      const what = window ? ` ${windowWords(window)}` : '';
      io.stdout.write(
        `Exported ${result.rows} case request${result.rows === 1 ? '' : 's'}${what} to ${path}${sheets}\n`,
      );
    }
    if (dates.length > 0) io.stderr.write(`export: note: ${datesWords(dates, now)}\n`);
    if (times.length > 0) io.stderr.write(`export: note: ${timesWords(times)}\n`);
    for (const note of [...trimmed, ...result.notes]) io.stderr.write(`export: note: ${note}\n`);
    for (const note of saidAfter) io.stderr.write(`export: note: ${note}\n`);
    return EXIT.ok;
  } catch (error) {
    if ((error instanceof InputError || error instanceof DiskFullError) && !io.signal.aborted)
      throw new UsageError(`export: ${error.message}`);
    return exitForAccountFailure(
      io,
      error,
      (reason) => `export: ${reason}; no file was written`,
      'trackops-bulk: export interrupted; no file was written',
    );
  } finally {
    await connection.close();
  }
}

/**
 * An existing --out that is not an earlier export (core's existingOutput) is not replaced unasked: a
 * clerk who typed the carrier's referral workbook as --out lost it, exit 0. Read before connecting.
 */
async function refuseOtherFile(path: string, out: string, format: 'xlsx' | 'csv'): Promise<void> {
  const size = await stat(path).then(
    (found) => (found.isFile() ? found.size : 0),
    () => 0,
  );
  if (size === 0) return;
  const existing = await existingOutput(fileSource(path), format);
  if (existing.earlierExport) return;
  throw new UsageError(
    `export: --out '${out}' already exists and is not an export trackops-bulk wrote (${existing.why}); this export would replace it. ` +
      `Write this export to another file (--out ${anotherName(out)}), or add --overwrite to replace it`,
  );
}

/** `requests.xlsx` → `requests-2.xlsx`: a name to suggest beside one that is taken. */
function anotherName(out: string): string {
  return out.replace(/(\.(xlsx|csv))$/i, '-2$1');
}

/**
 * Report 4 item 8: running the README's `export --out edit-me.xlsx --columns round-trip` again from the
 * shell's history replaced the clerk's edited file, edits not yet imported and all. The file's hidden
 * sheet tells its edited rows (core's roundTripEdits), read before connecting: no request.
 */
async function refuseEditedRoundTrip(path: string, out: string, signal: AbortSignal): Promise<void> {
  // A file the reader cannot open (not a workbook, damaged) is no round-trip export whose edits could
  // be told: replacing it is what --out always did.
  const edits = await roundTripEdits(fileSource(path), signal).catch((error: unknown) => {
    if (signal.aborted) throw error;
    return null;
  });
  if (!edits || edits.editedRows === 0) return;
  const rows = edits.editedRows === 1 ? '1 row differs' : `${edits.editedRows} rows differ`;
  const other = anotherName(out);
  // Whether they were imported already the file cannot tell (the hashes are the export's): asking
  // Trackops would cost requests on every export, so the words say both cases.
  throw new UsageError(
    `export: --out '${out}' is a round-trip export (made ${edits.exportedAt || 'at a time it does not say'}) whose cells show edits: ` +
      `${rows} from what was exported. Writing this export there would throw those edits away if they are not imported yet. ` +
      `Import them first (trackops-bulk import ${basename(path)}), or write this export to another file (--out ${other}); ` +
      'add --overwrite to replace it (once they are imported, or to discard them)',
  );
}

function parseFlags(argv: string[]): FlagValues {
  return parseCommandLine(
    'export',
    argv,
    {
      out: { type: 'string' },
      columns: { type: 'string' },
      'since-last': { type: 'boolean' },
      'no-bom': { type: 'boolean' },
      overwrite: { type: 'boolean' },
      json: { type: 'boolean' },
      ...FILTER_OPTIONS,
    },
    false,
  ).values;
}

interface SinceLastRun {
  /** The window, once the connection's clock has heard the server (sinceLastWindow). */
  windowBy(clock: ServerClock | undefined, zone: StampZone | undefined): SinceLastWindow;
  /** Records this export as the scope's last; answers whether it was kept, and a note when it was not. */
  record(
    window: SinceLastWindow,
    result: { startedAt: string; serverStartedAt: string | null; rows: number },
    file: string,
  ): Promise<{ kept: boolean; note: string | null }>;
}

/** Reads the history kept with the connection; the window is worked out once the account has answered. */
async function openSinceLast(
  values: FlagValues,
  io: CliIo,
  connection: { settings: { baseUrl: string; user: string }; isSandbox: boolean },
  preset: ColumnPreset,
  raw: Partial<Record<FilterName, string>>,
): Promise<SinceLastRun> {
  const historyPath = exportHistoryPath(values.profile as string | undefined, io.cwd, io.env);
  const history = await readExportHistory(historyPath);
  // The built-in sandbox listens on another port each time: its account file names it instead.
  const account = connection.isSandbox
    ? `built-in sandbox (${sandboxDataPath(values['sandbox-data'] as string | undefined, io.env)})`
    : connection.settings.baseUrl;
  const scope: SinceLastScope = { account, user: connection.settings.user, preset, filters: raw };
  return {
    windowBy: (clock, zone) => sinceLastWindow(history, scope, clock, zone),
    async record(window, { startedAt, serverStartedAt, rows }, file) {
      try {
        // Read again: another export may have recorded its own scope meanwhile.
        const latest = await readExportHistory(historyPath);
        await saveExportHistory(
          historyPath,
          withExport(latest, scope, {
            startedAt,
            serverStartedAt,
            updatedFrom: window.updatedFrom,
            rows,
            file,
          }),
        );
        return { kept: true, note: null };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const next =
          window.updatedFrom === null
            ? 'the next --since-last export exports every matching request again'
            : 'the next --since-last export starts from the earlier one again';
        return {
          kept: false,
          note: `the file is complete, but the time of this export could not be kept in ${historyPath} (${reason}); ${next}. ${historyElsewhereWords(values.profile as string | undefined)}`,
        };
      }
    },
  };
}

/**
 * Where to point the history when its place cannot be written (a service account whose home does not
 * exist): what cli/export-history.ts reads, in its order. With --profile the history is beside the
 * profile, whatever TRACKOPS_EXPORT_HISTORY says.
 */
function historyElsewhereWords(profile: string | undefined): string {
  return profile
    ? `With --profile, it is kept beside ${profile}: put the profile in a folder this user can write`
    : `Set ${EXPORT_HISTORY_ENV} to a file in a folder this user can write, or give --profile FILE (the history is then kept beside it)`;
}

/** "updated since 2025-03-01 09:55:00 UTC" or, on first use, what the export holds instead. */
function windowWords(window: SinceLastWindow): string {
  if (window.updatedFrom === null) return '(no earlier --since-last export: every request)';
  const clock = window.guessed
    ? "by this computer's clock"
    : "by the earlier of Trackops' clock and this computer's";
  const minutes = `${Math.round(window.marginSeconds / 60)} minutes`;
  const less =
    window.zoneHours > 0
      ? `${window.zoneHours} hours and ${minutes}, as the zone Trackops stamps in is not known yet (see the note)`
      : `${minutes} to be safe`;
  return `updated since ${window.updatedFrom} UTC (the last export began ${utcStamp(window.previousStartedAt!)} ${clock}, less ${less})`;
}

/**
 * "dates on this computer's calendar (America/Denver, today 2026-12-05): --created-from today =
 * 2026-12-05, --updated-to today = 2026-12-05 through 23:59:59 here, sent as 2026-12-06 06:59:59 UTC".
 * A timestamp flag's bound is said both ways: the day it is here and the UTC second the API was sent.
 */
function datesWords(dates: { flag: string; given: string; sent: string; day?: string }[], now: Date): string {
  const list = dates
    .map(({ flag, given, sent, day }) =>
      day === undefined
        ? `${flag} ${given} = ${sent}`
        : `${flag} ${given} = ${day} ${/-from(-system)?$/.test(flag) ? 'from 00:00:00' : 'through 23:59:59'} here, sent as ${sent} UTC`,
    )
    .join(', ');
  return `dates on this computer's calendar (${thisComputerTimeZone()}, today ${resolveDate('today', 'today', now)}): ${list}`;
}

/** "times sent (UTC): --updated-to '2026-11-30 23:59' = 2026-11-30 23:59:59 (…)". */
function timesWords(times: { flag: string; given: string; sent: string }[]): string {
  const list = times.map(({ flag, given, sent }) => `${flag} '${given}' = ${sent}`).join(', ');
  return `times sent (UTC): ${list} (a date stands for the whole day and a time to the minute for the whole minute: a "to" runs through its last second)`;
}

function utcStamp(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** One status line on stderr, redrawn in place, only on a terminal (CONTRACTS: quiet otherwise). */
class ProgressLine {
  private readonly started = Date.now();
  private last: ExportProgress = { phase: 'counting', done: 0, total: null };
  private noteText = '';
  constructor(private readonly io: CliIo) {}

  update = (progress: ExportProgress): void => {
    this.last = progress;
    this.noteText = '';
    this.draw();
  };

  /** The client's waits, shown beside the progress so a pause does not look like a hang. */
  event(event: ApiEvent): void {
    if (event.type === 'throttled') this.note(`throttled, waiting ${waitWords(event.waitSeconds)}`);
    if (event.type === 'retry')
      this.note(`retrying after ${event.reason}, waiting ${waitWords(event.waitSeconds)}`);
  }

  private note(text: string): void {
    this.noteText = text;
    this.draw();
  }

  clear(): void {
    if (this.io.stderr.isTTY) this.io.stderr.write('\r\x1b[K');
  }

  private draw(): void {
    if (!this.io.stderr.isTTY) return;
    const { phase, done, total } = this.last;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const of = total === null ? '' : ` of ${total}`;
    const eta =
      total && rate > 0 && phase === 'fetching' ? `, about ${Math.ceil((total - done) / rate)} s left` : '';
    const what =
      phase === 'counting'
        ? 'counting requests'
        : `${done}${of} ${phase === 'writing' ? 'written' : 'fetched'}`;
    const note = this.noteText ? ` - ${this.noteText}` : '';
    this.io.stderr.write(`\r\x1b[K${what} (${rate.toFixed(1)}/s${eta})${note}`);
  }
}
