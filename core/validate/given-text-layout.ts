/**
 * A delimiter or encoding given for a text file (a template's `source`, made for one carrier's
 * semicolon-separated windows-1252 export, or --delimiter/--encoding) that does not fit this file (another
 * carrier's comma-separated UTF-8 one with the same columns). Read as given, the file is one column wide
 * and was refused as having "no header row: add a row naming each column", or its one header
 * ("ï»¿Claim #,Carrier") as lacking every mapped column: "rename each missing column in the mapping".
 * Neither is the fault. Here, only once the given reading has failed (no cost for a file that fits), the
 * file is read as it would be detected; when that holds every mapped column, the refusal says what was
 * given, how the file reads, and the ways out. Never read so without a word: the layout was given.
 */
import type { Mapping } from '../mapping/schema.ts';
import { openSheet } from '../read/open-sheet.ts';
import { SheetReadError } from '../read/sheet-read-error.ts';
import type { ByteSource, ReadOptions, SheetSource } from '../read/types.ts';
import { fitsMapping } from './header-row-below.ts';

/** Which of the delimiter and encoding came from the command line (the rest from the mapping). */
export interface GivenTextLayout {
  delimiterFlag: boolean;
  encodingFlag: boolean;
}

/**
 * `open(options)`, or, when a given delimiter or encoding is why the mapped columns are not found and
 * the file read as detected holds them all, a SheetReadError saying so.
 */
export async function openWithGivenTextLayout(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
  open: (options: ReadOptions) => Promise<SheetSource>,
  given: GivenTextLayout,
): Promise<SheetSource> {
  if (options.delimiter === undefined && options.encoding === undefined) return open(options);
  let sheet: SheetSource | null = null;
  let failure: SheetReadError | null = null;
  try {
    sheet = await open(options);
    if (sheet.format !== 'csv' || fitsMapping(mapping, sheet)) return sheet;
  } catch (error) {
    if (!(error instanceof SheetReadError) || error.code !== 'no_header') throw error;
    failure = error;
  }
  const detected = await readAsDetected(source, mapping, options);
  if (detected === null) {
    if (failure) throw failure;
    return sheet!;
  }
  const fileName = detected.fileName;
  const what = failure ? 'has no row holding' : 'does not hold';
  throw new SheetReadError(
    'no_header',
    fileName,
    `Read with ${givenWords(options, given)}, ${fileName} ${what} the columns the mapping reads; ` +
      `read as detected (${layoutWords(detected)}), its row ${detected.headerRow} holds them all: ${waysOut(options, detected, given)}.`,
    failure ? { cause: failure } : undefined,
  );
}

/** The file read with its delimiter and encoding detected, when that holds every mapped column. */
async function readAsDetected(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
): Promise<SheetSource | null> {
  const { delimiter: _delimiter, encoding: _encoding, ...detecting } = options;
  try {
    const sheet = await openSheet(source, detecting);
    return fitsMapping(mapping, sheet) ? sheet : null;
  } catch (error) {
    if (error instanceof SheetReadError) return null;
    throw error;
  }
}

const delimiterWords = (delimiter: string | undefined) =>
  delimiter === undefined ? '' : /^(\t|tab|\\t)$/i.test(delimiter) ? 'tab' : JSON.stringify(delimiter);

/** 'the delimiter ";" and the encoding windows-1252 that the mapping's "source" gives' */
function givenWords(options: ReadOptions, given: GivenTextLayout): string {
  const parts: { words: string; flag: boolean }[] = [];
  if (options.delimiter !== undefined)
    parts.push({ words: `the delimiter ${delimiterWords(options.delimiter)}`, flag: given.delimiterFlag });
  if (options.encoding !== undefined)
    parts.push({ words: `the encoding ${options.encoding}`, flag: given.encodingFlag });
  const from = (flag: boolean) => (flag ? 'given on the command line' : `that the mapping's "source" gives`);
  if (parts.every((part) => part.flag === parts[0]!.flag))
    return `${parts.map((part) => part.words).join(' and ')} ${from(parts[0]!.flag)}`;
  return parts.map((part) => `${part.words} ${from(part.flag)}`).join(', and ');
}

function layoutWords(detected: SheetSource): string {
  return `delimiter ${delimiterWords(detected.delimiter)}, encoding ${detected.encoding ?? 'utf-8'}`;
}

function waysOut(options: ReadOptions, detected: SheetSource, given: GivenTextLayout): string {
  const flags = [
    ...(options.delimiter !== undefined ? [`--delimiter ${delimiterWords(detected.delimiter)}`] : []),
    ...(options.encoding !== undefined ? [`--encoding ${detected.encoding ?? 'utf-8'}`] : []),
  ];
  const fromMapping = [
    ...(options.delimiter !== undefined && !given.delimiterFlag ? ['"delimiter"'] : []),
    ...(options.encoding !== undefined && !given.encodingFlag ? ['"encoding"'] : []),
  ];
  const them = (count: number) => (count === 1 ? 'it' : 'them');
  if (fromMapping.length === 0)
    return `give ${flags.join(' ')}, or leave ${flags.length === 1 ? 'the flag' : 'those flags'} out to have ${them(flags.length)} detected`;
  return (
    `give ${flags.join(' ')} for this file, or remove ${fromMapping.join(' and ')} from the mapping's "source" ` +
    `to have ${them(fromMapping.length)} detected in each file`
  );
}
