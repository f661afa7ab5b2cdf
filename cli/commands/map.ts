/**
 * `trackops-bulk map FILE [--sheet S] [--header-row N] [--quote Q] [--escape E] [--out MAPPING.json]
 * [--json]` + connection flags
 * (CONTRACTS section 1): reads the headers and the rows' values and proposes a mapping. Connected, it
 * uses the account's own labels (reference labels, custom fields, subject types) and checks lookup
 * values; offline it knows the seed's parameter names only and says so. The file written always passes
 * the mapping parser; the columns it could not settle are listed for a person.
 */
import { resolve } from 'node:path';
import {
  columnsLeftForPerson,
  fileSource,
  isToolColumn,
  openSheet,
  parseMapping,
  suggestMapping,
  writeFileAtomic,
  type AccountReference,
  type SourceRow,
  type SuggestedMapping,
} from '../../core/index.ts';
import { exitForAccountFailure, openAccountSession, rateFlag } from '../account-session.ts';
import type { CliCommand } from '../command.ts';
import { headerRowFlag, parseFileCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';

const usage = `Usage: trackops-bulk map FILE [--sheet S] [--header-row N] [--quote Q] [--escape E]
                         [--out MAPPING.json] [--json] [connection]

Proposes a mapping (template) for FILE (.csv, .tsv, .txt or .xlsx): each column's target with how sure
the match is, date formats read off the values, lookups and value translations, and the columns left
for a person to decide. Connect (--sandbox or --url/--user/--token) to use the account's own labels,
custom fields and subject types; offline only the API's parameter names are known.

  --sheet S          workbook sheet name or position (default: the first with data)
  --header-row N     the row holding the column names (default: detected)
  --quote Q          delimited text: the character that quotes fields, e.g. "'" (default ")
  --escape E         delimited text: the character before a quote inside a quoted field, e.g. '\\'
                     (default: quotes are doubled); both are kept in the mapping's "source"
  --out FILE         write the proposed mapping there (check it, then: trackops-bulk validate FILE --mapping …)
  --json             print the proposal as JSON ({"mapping", "columns", "decisions", "offline"})
  --rate R           requests while reading the account's reference data, e.g. 1/s or 120/min

Exit codes: 0 a proposal was made (columns left for a person are listed, and in --json), 2 usage error
or unreadable file, 3 connection or authentication failure.

${CONNECTION_USAGE}`;

/** Rows read for values: enough for any referral sheet, bounded for a huge one. */
const SAMPLE_ROWS = 20_000;

export const command: CliCommand = {
  summary: 'propose a mapping (template) for a file from its headers and values',
  usage,
  async run(argv, io) {
    const { file, flags } = parseFlags(argv);
    const headerRow = headerRowFlag('map', flags['header-row']);
    const ratePerSecond = rateFlag(flags.rate);
    const quotes = {
      ...(flags.quote === undefined ? {} : { quote: flags.quote }),
      ...(flags.escape === undefined ? {} : { escape: flags.escape }),
    };
    const sheet = await openSheet(fileSource(resolve(io.cwd, file)), {
      ...(flags.sheet === undefined ? {} : { sheet: flags.sheet }),
      ...(headerRow === undefined ? {} : { headerRow }),
      ...quotes,
      signal: io.signal,
    });
    const sampleRows: SourceRow[] = [];
    for await (const row of sheet.rows()) {
      sampleRows.push(row);
      if (sampleRows.length >= SAMPLE_ROWS) break;
    }
    const connection = await openConnection(flags, io.env);
    let reference: AccountReference | undefined;
    try {
      if (connection) {
        try {
          ({ reference } = await openAccountSession(connection, { ratePerSecond, signal: io.signal }));
        } catch (error) {
          return exitForAccountFailure(
            io,
            error,
            (reason) => `map: cannot read the account's reference data from ${connection.label}: ${reason}`,
          );
        }
      }
    } finally {
      await connection?.close();
    }
    const proposal = suggestMapping({
      headers: sheet.headers,
      sampleRows,
      ...(reference ? { reference } : {}),
      fileName: file,
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
    });
    // The file reads the same way in validate and import: the quote characters go into "source".
    if (Object.keys(quotes).length) proposal.mapping.source = { ...proposal.mapping.source, ...quotes };
    // The proposal must load as any hand-written template does; a failure here is our bug, said plainly.
    parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'the proposed mapping');
    const outPath = flags.out ? resolve(io.cwd, flags.out) : null;
    if (outPath) await writeFileAtomic(outPath, JSON.stringify(proposal.mapping, null, 2) + '\n');
    if (flags.json) io.stdout.write(JSON.stringify(proposal) + '\n');
    else io.stdout.write(render(proposal, file, outPath, connection?.label ?? null, sampleRows.length));
    return EXIT.ok;
  },
};

function render(
  proposal: SuggestedMapping,
  file: string,
  outPath: string | null,
  connectedTo: string | null,
  rows: number,
): string {
  const width = Math.max(6, ...proposal.columns.map((column) => column.column.length));
  const lines = [
    `Proposed mapping for ${file} (${proposal.columns.length} columns, values of ${rows} rows looked at)` +
      (connectedTo ? `, using the account at ${connectedTo}:` : ', offline:'),
    '',
    `  ${'column'.padEnd(width)}  ${'target'.padEnd(30)}  sure  how`,
  ];
  for (const column of proposal.columns) {
    const target = column.status === 'unmatched' ? '—' : (column.target ?? '—');
    const sure =
      column.status === 'unmatched' ? '   ' : `${Math.round(column.confidence * 100)}%`.padStart(4);
    const mark =
      column.status === 'mapped'
        ? ''
        : column.status === 'decide'
          ? '  (decide)'
          : isToolColumn(column.column)
            ? '  (written by trackops-bulk: left out)'
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
  const notes = proposal.decisions.filter((note) => note.column !== null && note.level !== 'info');
  if (notes.length) {
    lines.push('', 'Notes:');
    for (const note of notes)
      lines.push(`  ${note.column}: ${note.level === 'decide' ? '' : `${note.level}: `}${note.message}`);
  }
  lines.push(
    '',
    open.length
      ? `Left for a person (${open.length}): ${open.join(', ')}. Columns left out of the mapping are not imported until you add them.`
      : 'Every column is mapped.',
  );
  if (outPath)
    lines.push(
      `Mapping written to ${outPath}; check it, then run: trackops-bulk validate ${file} --mapping ${outPath}`,
    );
  else lines.push('Write it with --out MAPPING.json.');
  return lines.join('\n') + '\n';
}

interface MapFlags extends ConnectionFlags {
  sheet?: string;
  'header-row'?: string;
  quote?: string;
  escape?: string;
  out?: string;
  json?: boolean;
  rate?: string;
}

function parseFlags(argv: string[]): { file: string; flags: MapFlags } {
  const { file, values } = parseFileCommandLine(
    'map',
    argv,
    {
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      quote: { type: 'string' },
      escape: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    'map',
    '--out template.json',
  );
  if (values.out !== undefined && !String(values.out).toLowerCase().endsWith('.json')) {
    throw new UsageError(`map: --out '${values.out}' must end in .json (a mapping file)`);
  }
  return { file, flags: values as MapFlags };
}
