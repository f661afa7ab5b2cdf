/**
 * `trackops-bulk map FILE [--mode create|update|upsert] [--sheet S] [--header-row N] [--quote Q]
 * [--escape E] [--out MAPPING.json] [--json]` + connection flags
 * (CONTRACTS section 1): reads the headers and the rows' values and proposes a mapping. Connected, it
 * uses the account's own labels (reference labels, custom fields, subject types) and checks lookup
 * values; offline it knows the seed's parameter names only and says so. The file written always passes
 * the mapping parser; the columns it could not settle are listed for a person.
 */
import { unusedSheetNote } from '../read-options.ts';
import { readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { columnsLeftForPerson, columnsReadOnly } from '../../core/suggest/left-for-person.ts';
import { delimiterName } from '../../core/read/delimiter-names.ts';
import { fileSource } from '../../core/read/byte-sources.ts';
import { isToolColumn } from '../../core/read/tool-columns.ts';
import { openDataSheet, type SheetChoice } from '../../core/suggest/choose-sheet.ts';
import { parseMapping } from '../../core/mapping/parse-mapping.ts';
import { mappingFileText, mappingJson } from '../../core/mapping/mapping-text.ts';
import { sampleSheet } from '../../core/suggest/sample-sheet.ts';
import { suggestMapping } from '../../core/suggest/suggest-mapping.ts';
import { widerHeaderBelow } from '../../core/read/wider-header-below.ts';
import { writeFileAtomic } from '../../core/files/atomic-write.ts';
import type { AccountReference } from '../../core/account/reference.ts';
import type { ImportMode } from '../../core/validate/types.ts';
import type { SheetSource } from '../../core/read/types.ts';
import type { SuggestedMapping } from '../../core/suggest/types.ts';
import { exitForAccountFailure, openAccountSession, rateFlag } from '../account-session.ts';
import type { CliCommand } from '../command.ts';
import { headerRowFlag, parseFileCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { checkOutputFile } from '../paths.ts';
import { refuseMappingRoundTrip } from '../round-trip-file.ts';
import { UsageError } from '../usage-error.ts';

const usage = `Usage: trackops-bulk map FILE [--mode M] [--sheet S] [--header-row N] [--quote Q]
                         [--escape E] [--delimiter D] [--encoding E] [--out MAPPING.json]
                         [--overwrite] [--json] [connection]

Proposes a mapping (template) for FILE (.csv, .tsv, .txt or .xlsx): each column's target with how sure
the match is, date formats read off the values, lookups and value translations, and the columns left
for a person to decide. Connect (--sandbox or --url/--user/--token) to use the account's own labels,
custom fields and subject types; offline only the API's parameter names are known.

  --mode M           what the file's rows are for: create (default), update or upsert; an update
                     or upsert proposal matches rows by the request's id column when the file has
                     one, and proposes only what that mode can send
  --sheet S          workbook sheet name or position (default: the sheet that looks most like
                     referral data; the output names the sheet read and the others)
  --header-row N     the row holding the column names (default: detected)
  --quote Q          delimited text: the character that quotes fields, e.g. "'" (default ")
  --escape E         delimited text: the character before a quote inside a quoted field, e.g. '\\'
                     (default: quotes are doubled); both are kept in the mapping's "source"
  --delimiter D      delimited text: e.g. ';' or tab (default: detected, and said)
  --encoding E       delimited text: e.g. windows-1252, utf-16le (default: detected, and said);
                     both are kept in the mapping's "source" when given
  --out FILE         write the proposed mapping there (check it, then: trackops-bulk validate FILE --mapping …);
                     a file already there (a template you finished) is kept beside it as
                     NAME.previous.json, and said
  --overwrite        replace --out when it exists, without keeping a copy
  --json             print the proposal as JSON ({"mapping", "columns", "decisions", "offline"})
  --rate R           requests while reading the account's reference data, e.g. 1/s or 120/min

Exit codes: 0 a proposal was made (columns left for a person are listed, and in --json), 2 usage error
or unreadable file, 3 connection or authentication failure.

${CONNECTION_USAGE}`;

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { file, flags } = parseFlags(argv);
    if (flags.out) await checkOutputFile('map', '--out', resolve(io.cwd, flags.out));
    const headerRow = headerRowFlag('map', flags['header-row']);
    const ratePerSecond = rateFlag(flags.rate);
    // How the text was read, when given: kept in the mapping's "source" so that validate and import
    // read the file the same way.
    const textOptions = {
      ...(flags.quote === undefined ? {} : { quote: flags.quote }),
      ...(flags.escape === undefined ? {} : { escape: flags.escape }),
      ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
      ...(flags.encoding === undefined ? {} : { encoding: flags.encoding }),
    };
    // The sheet that looks like data (not a "Summary" of a few rows), named with the others; read before
    // connecting, so that a file that cannot be read is said before any request.
    await refuseMappingRoundTrip(resolve(io.cwd, file), file, io.signal);
    const choice = await openDataSheet(fileSource(resolve(io.cwd, file)), {
      ...(flags.sheet === undefined ? {} : { sheet: flags.sheet }),
      ...(headerRow === undefined ? {} : { headerRow }),
      ...textOptions,
      signal: io.signal,
    });
    const { sheet } = choice;
    for (const note of unusedSheetNote(flags.sheet, sheet)) io.stderr.write(`map: note: ${note}\n`);
    // The same rows the app looks at (core's sampleSheet), so both count the same things.
    const sample = await sampleSheet(sheet, io.signal);
    const connection = await openConnection(flags, io.env, { cwd: io.cwd });
    let reference: AccountReference | undefined;
    try {
      if (connection) {
        try {
          ({ reference } = await openAccountSession(connection, {
            ratePerSecond,
            signal: io.signal,
            warn: (line) => io.stderr.write(`map: note: ${line}\n`),
            waits: { stderr: io.stderr, command: 'map' },
          }));
        } catch (error) {
          return exitForAccountFailure(
            io,
            error,
            (reason) => `map: cannot read the account's reference data from ${connection.label}: ${reason}`,
            'trackops-bulk: map interrupted; no mapping was written',
          );
        }
      }
    } finally {
      await connection?.close();
    }
    const proposal = suggestMapping({
      headers: sheet.headers,
      ...sample,
      ...(flags.mode === undefined ? {} : { mode: flags.mode as ImportMode }),
      ...(reference ? { reference } : {}),
      fileName: file,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      ...(headerRow === undefined ? {} : { givenHeaderRow: headerRow }),
      ...(sheet.groupHeadings ? { groupHeadings: sheet.groupHeadings } : {}),
    });
    if (Object.keys(textOptions).length)
      proposal.mapping.source = { ...proposal.mapping.source, ...textOptions };
    const headerNote = headerRowNote(sheet, headerRow);
    if (headerNote) proposal.decisions.push({ column: null, level: 'info', message: headerNote });
    const widerNote = headerRow === undefined ? await widerHeaderNote(sheet) : null;
    if (widerNote) proposal.decisions.push({ column: null, level: 'warning', message: widerNote });
    // The proposal must load as any hand-written template does; a failure here is our bug, said plainly.
    parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'the proposed mapping');
    const outPath = flags.out ? resolve(io.cwd, flags.out) : null;
    if (outPath) {
      const text = JSON.stringify(proposal.mapping, null, 2) + '\n';
      // Explore 31 item 3: the README's own `map … --out template.json` replaced a finished template
      // without a word. The file that was there is kept beside it, said (the contract: map writes --out).
      const kept = flags.overwrite ? null : await keepAside(outPath, flags.out!, text);
      await writeFileAtomic(outPath, text);
      if (kept) io.stderr.write(`map: ${kept}\n`);
    }
    if (flags.json) io.stdout.write(JSON.stringify({ ...proposal, sheet: sheetJson(choice) }) + '\n');
    else
      io.stdout.write(
        render(
          proposal,
          file,
          outPath,
          connection?.label ?? null,
          sample.sampleRows.length,
          sample.totalRows,
          choice,
          textLayoutLine(sheet, flags),
        ),
      );
    return EXIT.ok;
  },
};

/**
 * For delimited text, how it was read and what of that was a guess: a wrong delimiter shows only as
 * odd columns, so the person is told which was detected and how to give it.
 */
function textLayoutLine(sheet: SheetSource, flags: MapFlags): string | null {
  if (sheet.format !== 'csv' || sheet.delimiter === undefined) return null;
  const delimiter = delimiterName(sheet.delimiter);
  const read = `Read as ${delimiter} text in ${sheet.encoding ?? 'utf-8'}`;
  const guessed = [
    ...(flags.delimiter === undefined ? ['delimiter'] : []),
    ...(flags.encoding === undefined ? ['encoding'] : []),
  ];
  if (guessed.length === 0) return `${read}, as given.`;
  return `${read}; the ${guessed.join(' and ')} ${guessed.length > 1 ? 'were' : 'was'} detected, not given: if the columns below look wrong, run map again with ${guessed.map((what) => `--${what}`).join(' or ')}.`;
}

/**
 * A header found below row 1 that the mapping does not pin (suggestMapping's givenHeaderRow): said, so
 * that whoever wants this row for every file knows how, and nobody expects the template to hold it.
 */
function headerRowNote(sheet: SheetSource, given: number | undefined): string | null {
  if (given !== undefined || sheet.headerRow === 1) return null;
  return `the header was found in row ${sheet.headerRow}; the mapping does not fix that row, so each file's header row is found afresh (to fix it, run map again with --header-row ${sheet.headerRow})`;
}

/**
 * A header row found, not given, with a row just below it that reads like column names and fills more
 * columns (a line of report criteria above the table, explore 64 item 4): the row read is said to be a
 * guess, naming the other and how to read it.
 */
async function widerHeaderNote(sheet: SheetSource): Promise<string | null> {
  const filled = sheet.headers.filter((header) => !/^Column \d+$/.test(header)).length;
  const wider = await widerHeaderBelow(sheet, filled);
  if (wider === null) return null;
  return `the header was taken from row ${sheet.headerRow}, a guess: row ${wider.row} reads like column names too and fills more columns (${wider.filled} to ${wider.headerFilled}); if row ${wider.row} holds the column names, run map again with --header-row ${wider.row}`;
}

/** --json: the sheet read, whether it was a guess, and the others. */
function sheetJson(choice: SheetChoice) {
  return {
    name: choice.sheet.sheet,
    headerRow: choice.sheet.headerRow,
    guessed: choice.guessed,
    others: choice.sheets.filter((look) => look.name !== choice.sheet.sheet),
  };
}

function render(
  proposal: SuggestedMapping,
  file: string,
  outPath: string | null,
  connectedTo: string | null,
  rows: number,
  totalRows: number,
  choice: SheetChoice,
  textLayout: string | null,
): string {
  const width = Math.max(6, ...proposal.columns.map((column) => column.column.length));
  const looked =
    rows < totalRows
      ? `values of the first ${rows} of ${totalRows} rows looked at`
      : `values of ${rows} rows looked at`;
  const lines = [
    ...(choice.said ? [choice.said] : []),
    ...(textLayout ? [textLayout] : []),
    `Proposed mapping for ${file}${choice.sheet.sheet === null ? '' : `, sheet "${choice.sheet.sheet}"`} (${proposal.columns.length} columns, header in row ${choice.sheet.headerRow}, ${looked})` +
      (connectedTo ? `, using the account at ${connectedTo}:` : ', offline:'),
    '',
    `  ${'column'.padEnd(width)}  ${'target'.padEnd(30)}  sure  how`,
  ];
  // A column left for a person whose likely target another column already holds: the table says the
  // column is left out, or a reader would see one field fed by two columns (a mapping error).
  const holder = new Map(
    proposal.columns.flatMap((column) =>
      column.status === 'mapped' && column.target ? [[column.target, column.column] as const] : [],
    ),
  );
  for (const column of proposal.columns) {
    const target = column.status === 'unmatched' ? '—' : (column.target ?? '—');
    const heldBy = column.status === 'decide' && column.target ? holder.get(column.target) : undefined;
    const sure =
      column.status === 'unmatched' ? '   ' : `${Math.round(column.confidence * 100)}%`.padStart(4);
    const mark =
      column.status === 'mapped'
        ? ''
        : column.status === 'decide'
          ? heldBy
            ? `  (decide: left out, ${heldBy} is mapped there)`
            : '  (decide)'
          : isToolColumn(column.column)
            ? '  (written by trackops-bulk: left out)'
            : column.readOnly
              ? '  (read-only, not imported)'
              : '  (not matched)';
    lines.push(`  ${column.column.padEnd(width)}  ${target.padEnd(30)}  ${sure}  ${column.how ?? ''}${mark}`);
  }
  const general = proposal.decisions.filter((note) => note.column === null);
  if (general.length) {
    lines.push('');
    for (const note of general)
      lines.push(`${note.level === 'info' ? '' : `${note.level}: `}${note.message}`);
  }
  const open = columnsLeftForPerson(proposal);
  const readOnly = columnsReadOnly(proposal);
  const notes = proposal.decisions.filter((note) => note.column !== null && note.level !== 'info');
  if (notes.length) {
    lines.push('', 'Notes:');
    for (const note of notes)
      lines.push(`  ${note.column}: ${note.level === 'decide' ? '' : `${note.level}: `}${note.message}`);
  }
  // One closing line that agrees with the notes above it: open mapping-wide decisions count too.
  const openGeneral = general.filter((note) => note.level === 'decide').length;
  const stillOpen = openGeneral
    ? ` ${openGeneral} ${openGeneral === 1 ? 'decision about the mapping as a whole is' : 'decisions about the mapping as a whole are'} open (marked "decide" above).`
    : '';
  // A round-trip export's own columns: apart, not work left for a person.
  if (readOnly.length)
    lines.push(
      '',
      `Read-only, not imported (${readOnly.length}): ${readOnlyWords(readOnly)}. The export writes them for reference; an update cannot change them.`,
    );
  // A column with a decision open may be in the mapping already (values to translate): said, so that
  // "left out … not imported" is not read as being about it.
  const inMapping = new Set(proposal.mapping.columns.map((column) => column.column));
  const openWords = open.map((column) =>
    inMapping.has(column) ? `${column} (mapped; see its note)` : column,
  );
  lines.push(
    '',
    open.length
      ? `Left for a person (${open.length}): ${openWords.join(', ')}. Columns left out of the mapping are not imported until you add them.${stillOpen}`
      : openGeneral
        ? `Every column has a target, but${stillOpen.replace(/^ /, ' ')}`
        : readOnly.length
          ? 'Every other column is mapped.'
          : 'Every column is mapped.',
  );
  if (outPath)
    lines.push(
      `Mapping written to ${outPath}; check it, then run: trackops-bulk validate ${file} --mapping ${outPath}`,
    );
  else lines.push('Write it with --out MAPPING.json.');
  return lines.join('\n') + '\n';
}

/** "case_request_number, updated_at, …, and 43 subject columns": subject columns counted, not listed. */
function readOnlyWords(columns: string[]): string {
  const subjects = columns.filter((column) => column.startsWith('subjects.')).length;
  const named = columns.filter((column) => !column.startsWith('subjects.'));
  const parts = [...named, ...(subjects ? [`${subjects} subject column${subjects === 1 ? '' : 's'}`] : [])];
  return parts.join(', ');
}

interface MapFlags extends ConnectionFlags {
  mode?: string;
  sheet?: string;
  'header-row'?: string;
  quote?: string;
  escape?: string;
  delimiter?: string;
  encoding?: string;
  out?: string;
  overwrite?: boolean;
  json?: boolean;
  rate?: string;
}

/**
 * An --out that already exists is someone's file: most often the template a clerk finished (value maps,
 * constants, subject groups) that a fresh proposal replaces with raw guesses. map writes --out (the
 * contract), so the file that was there is renamed beside it (`template.previous.json`, then
 * `template.previous-2.json` …) unless it holds the proposal already; what was kept, and how to go
 * back, is returned to be said. --overwrite replaces it without a copy.
 */
async function keepAside(path: string, shown: string, proposal: string): Promise<string | null> {
  const there = await stat(path).catch(() => null);
  if (!there?.isFile()) return null;
  const bytes = await readFile(path).catch(() => null);
  if (bytes !== null && bytes.toString('utf8') === proposal) return null;
  let holds = 'held a file';
  try {
    // Read as --mapping reads it: a template Notepad saved (a byte-order mark, UTF-16) is a mapping too.
    const mapping = parseMapping(
      mappingJson(mappingFileText(bytes ?? new Uint8Array(), shown), shown),
      shown,
    );
    holds = `held a mapping (${mapping.columns.length} ${mapping.columns.length === 1 ? 'column' : 'columns'})`;
  } catch {
    // Not a mapping we can read (or not JSON): kept all the same, as a file.
  }
  const stem = path.replace(/(\.json)?$/i, '');
  let aside = `${stem}.previous.json`;
  for (let n = 2; await stat(aside).catch(() => null); n += 1) aside = `${stem}.previous-${n}.json`;
  await rename(path, aside);
  const asideShown = join(dirname(shown), basename(aside));
  return (
    `${shown} ${holds}: kept as ${asideShown}, and the proposal written in its place. ` +
    `Compare the two; to go back, rename ${asideShown} to ${shown} (--overwrite replaces without a copy)`
  );
}

function parseFlags(argv: string[]): { file: string; flags: MapFlags } {
  const { file, values } = parseFileCommandLine(
    'map',
    argv,
    {
      mode: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      quote: { type: 'string' },
      escape: { type: 'string' },
      delimiter: { type: 'string' },
      encoding: { type: 'string' },
      out: { type: 'string' },
      overwrite: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    'map',
    '--out template.json',
  );
  if (values.out !== undefined && !String(values.out).toLowerCase().endsWith('.json')) {
    throw new UsageError(`map: --out '${values.out}' must end in .json (a mapping file)`);
  }
  const mode = values.mode;
  if (mode !== undefined && mode !== 'create' && mode !== 'update' && mode !== 'upsert') {
    throw new UsageError(`map: --mode '${mode}' is not a mode; use create, update or upsert`);
  }
  return { file, flags: values as MapFlags };
}
