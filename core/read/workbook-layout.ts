/**
 * A workbook's sheets (names, order, hidden or not, which ones hold data), its date system and where
 * its shared strings and styles live, learnt during the inflating pass from the workbook part and its
 * relationships, before a single row is read.
 *
 * Part names are looked up as OPC defines them, not as one writer spells them: case-insensitively
 * (`xl/SharedStrings.xml` is the relationship's `sharedStrings.xml`, ECMA-376 Part 2 §9.1.1.1), with
 * backslashes taken for slashes (some Windows zip writers), and the workbook found through the
 * package's own relationships (`_rels/.rels`), so a workbook at the package root opens too.
 */
import type { ByteSource, SheetInfo } from './types.ts';
import { readZipDirectory, type ZipEntry } from './zip-directory.ts';
import { inflateAllParts, partText, type InflateLimits } from './zip-inflate.ts';
import { asciiNamesReadable, decodeXmlBytes } from './xml-encoding.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';
import { NO_MARKS, SheetMarksScanner, type SheetMarks } from './sheet-marks.ts';
import { isInMemory } from './byte-sources.ts';

export interface WorkbookSheet extends SheetInfo {
  /** The sheet's part, as a key of `parts` (see partKey), e.g. "xl/worksheets/sheet2.xml". */
  part: string;
  /** The sheet has at least one cell with a value. */
  hasData: boolean;
  /** Its merged ranges, hidden columns and autofilter (sheet-marks.ts). */
  marks: SheetMarks;
}

export interface WorkbookLayout {
  sheets: WorkbookSheet[];
  date1904: boolean;
  /**
   * The workbook asks to have every formula recalculated when it is opened (`<calcPr
   * fullCalcOnLoad="1">`, written by openpyxl and xlsxwriter, which compute nothing): its formulas' saved
   * results are not what Excel will show. Excel and LibreOffice save real results and never set it.
   */
  recalcOnLoad: boolean;
  /** Every part of the package by its key (see partKey), for streaming one of them later. */
  parts: Map<string, ZipEntry>;
  /** Keys of the shared strings and styles parts, when the workbook has them. */
  sharedStringsPart: string | null;
  stylesPart: string | null;
}

const PACKAGE_RELS_PART = '_rels/.rels';
/** Where Excel and every writer seen so far put the workbook, when the package does not say. */
const USUAL_WORKBOOK_PART = 'xl/workbook.xml';
/** workbook.xml and its rels are a few KB; a bound keeps a hostile one from filling memory. */
const SMALL_PART_MAX_BYTES = 16 * 1024 * 1024;
/** A cell value (`<v>`) or an inline string (`<is>`), with or without a namespace prefix. */
const CELL_VALUE = /<(?:\w+:)?(?:v|is)[\s>]/;

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const key = (match[1] as string).replace(/^\w+:(?=id$)/, 'r:');
    found.set(key, decodeXml(match[2] ?? match[3] ?? ''));
  }
  return found;
}

function elements(xml: string, localName: string): Map<string, string>[] {
  const pattern = new RegExp(`<(?:\\w+:)?${localName}(\\s[^>]*?)?/?>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => attributes(match[1] ?? ''));
}

/**
 * A zip entry name as the key it is looked up by: forward slashes, no leading slash, lower case (OPC
 * part names are case-insensitive).
 */
export function partKey(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** The folder of a part key, with its trailing slash ('' at the package root). */
function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
function relsPartOf(key: string): string {
  const folder = folderOf(key);
  return `${folder}_rels/${key.slice(folder.length)}.rels`;
}

/** A relationship target (relative to `folder` unless it starts with "/"; may be %-encoded) as a key. */
function resolvePart(folder: string, target: string): string {
  return partKey(resolvePartName(folder, target));
}

/** The same target as a part name spelled as the relationship spells it, for messages. */
function resolvePartName(folder: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A stray "%" is a literal character of the name.
  }
  decoded = decoded.replace(/\\/g, '/');
  const segments = decoded.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const segment of decoded.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/**
 * The workbook's parts that decide what its cells read, with what each holds and what reading without
 * it would do. A sheet part has its own refusal when that sheet is chosen (pick-sheet.ts). Other parts a
 * workbook names (its theme, calculation chain, links to other workbooks) change colours or
 * recalculation, never the values read, so a file lacking one is read as usual.
 */
const PARTS_CELLS_NEED = {
  sharedStrings: {
    holds: 'the text of its cells',
    without: 'every text cell would read as blank',
  },
  styles: {
    holds: "the cells' number and date formats",
    without: 'zip codes would lose their leading zeros and dates would read as plain numbers',
  },
} as const;

/**
 * Opening the file in Excel or LibreOffice and saving it again would not help here: both open it
 * without the part, and the copy they save has lost it for good. Only the sender's copy holds it.
 */
function missingPart(
  fileName: string,
  folder: string,
  target: string,
  part: { holds: string; without: string },
): SheetReadError {
  const name = resolvePartName(folder, target);
  return new SheetReadError(
    'corrupt_workbook',
    fileName,
    `${fileName} is damaged: its part ${name} (${part.holds}), which the workbook names, is missing from the file. ` +
      `Read without it, ${part.without}, so nothing is read. Get the file again from whoever sent it; ` +
      `opening it in Excel or LibreOffice and saving it again would not bring ${name} back.`,
  );
}

function notAWorkbook(fileName: string, entries: ZipEntry[]): SheetReadError {
  const names = new Set(entries.map((entry) => entry.name.replace(/\\/g, '/')));
  if (names.has('mimetype') && names.has('content.xml')) {
    return new SheetReadError(
      'unsupported_format',
      fileName,
      `${fileName} is an OpenDocument spreadsheet (.ods), which this tool does not read. Open it in LibreOffice and save it as .xlsx or .csv.`,
    );
  }
  if ([...names].some((name) => name.startsWith('Index/') || name === 'Index.zip')) {
    return new SheetReadError(
      'unsupported_format',
      fileName,
      `${fileName} is an Apple Numbers file, which this tool does not read. In Numbers choose File › Export To › Excel (or CSV) and import that file.`,
    );
  }
  return new SheetReadError(
    'unsupported_format',
    fileName,
    `${fileName} is a zip archive but not an Excel workbook (it holds no workbook part with sheets). ${SAVE_AS_ADVICE}`,
  );
}

/** Parts read whole during the inflating pass: the package's and the workbook's relationships. */
function isSmallPartCandidate(key: string): boolean {
  return key === PACKAGE_RELS_PART || key.endsWith('workbook.xml') || key.endsWith('workbook.xml.rels');
}

/**
 * The layouts of workbooks held in memory, by source: the app asks whether a file it was given is a
 * round-trip export, then opens its sheet, each through the layout, and laying a workbook out inflates
 * and checks every part of its package (45-70 ms for a 5,000-row workbook: issue 13, the wait for the
 * preview). Kept as long as the source is, as the shared strings are kept with the layout
 * (workbook-shared-parts.ts). Only the default limits and no signal: a read stopped by one caller's
 * signal must not fail another's.
 */
const laidOut = new WeakMap<ByteSource, Promise<WorkbookLayout>>();

export function readWorkbookLayout(
  source: ByteSource,
  limits?: InflateLimits,
  signal?: AbortSignal,
): Promise<WorkbookLayout> {
  if (limits !== undefined || signal !== undefined || !isInMemory(source))
    return layWorkbookOut(source, limits, signal);
  const known = laidOut.get(source);
  if (known) return known;
  const reading = layWorkbookOut(source);
  laidOut.set(source, reading);
  // A workbook refused is refused again by the next pass, with the same message, read afresh.
  reading.catch(() => {
    if (laidOut.get(source) === reading) laidOut.delete(source);
  });
  return reading;
}

async function layWorkbookOut(
  source: ByteSource,
  limits?: InflateLimits,
  signal?: AbortSignal,
): Promise<WorkbookLayout> {
  const fileName = source.name;
  const entries = await readZipDirectory(source);
  const parts = new Map(entries.map((entry) => [partKey(entry.name), entry]));
  if (![...parts.keys()].some(isSmallPartCandidate)) throw notAWorkbook(fileName, entries);
  const tooLarge = (entry: ZipEntry) =>
    new SheetReadError(
      'corrupt_workbook',
      fileName,
      `${fileName} has an implausibly large ${entry.name}. ${SAVE_AS_ADVICE}`,
    );
  const small = new Map<string, string[]>();
  const partsWithData = new Set<string>();
  const marks = new Map<string, SheetMarksScanner>();
  await inflateAllParts(
    source,
    entries,
    (entry) => {
      const key = partKey(entry.name);
      if (isSmallPartCandidate(key)) {
        const pieces: string[] = [];
        small.set(key, pieces);
        let size = 0;
        return (chunk) => {
          size += chunk.length;
          if (size > SMALL_PART_MAX_BYTES) throw tooLarge(entry);
          pieces.push(chunk.toString('latin1'));
        };
      }
      if (!key.endsWith('.xml')) return null;
      // Which part is a sheet is known only from the relationships, read after this pass: every XML
      // part is looked at. Scan with a small overlap so a tag split across two chunks is still seen.
      let carry: string | null = '';
      const scanner = new SheetMarksScanner();
      marks.set(key, scanner);
      return asciiNamesReadable((chunk) => {
        scanner.feed(chunk);
        if (carry === null) return;
        const text = carry + chunk.toString('latin1');
        if (CELL_VALUE.test(text)) {
          partsWithData.add(key);
          carry = null;
        } else carry = text.slice(-8);
      });
    },
    limits,
    signal,
  );
  // Collected as latin1 so multi-byte characters split across chunks survive; decoded whole in the
  // encoding the part is written in (xml-encoding.ts). A part named unusually (found only through the
  // relationships) is read on its own afterwards.
  const text = async (key: string): Promise<string> => {
    const collected = small.get(key);
    if (collected) return decodeXmlBytes(Buffer.from(collected.join(''), 'latin1'), fileName, key);
    const entry = parts.get(key);
    if (!entry) return '';
    if (entry.uncompressedSize > SMALL_PART_MAX_BYTES) throw tooLarge(entry);
    let whole = '';
    for await (const piece of partText(source, entry, signal)) whole += piece;
    return whole;
  };
  const packageRels = elements(await text(PACKAGE_RELS_PART), 'Relationship');
  const officeDocument = packageRels.find((rel) => (rel.get('Type') ?? '').endsWith('/officeDocument'));
  const declared = officeDocument ? resolvePart('', officeDocument.get('Target') ?? '') : null;
  const workbookPart =
    (declared !== null && parts.has(declared) ? declared : null) ??
    (parts.has(USUAL_WORKBOOK_PART) ? USUAL_WORKBOOK_PART : null) ??
    [...parts.keys()].find((key) => key === 'workbook.xml' || key.endsWith('/workbook.xml'));
  if (workbookPart === undefined) throw notAWorkbook(fileName, entries);
  const workbookXml = await text(workbookPart);
  const relationships = elements(await text(relsPartOf(workbookPart)), 'Relationship');
  const folder = folderOf(workbookPart);
  const targets = new Map(relationships.map((rel) => [rel.get('Id') ?? '', rel.get('Target') ?? '']));
  // A part the workbook names but the zip lacks is damage, not absence: read as "no styles" or "no
  // shared strings", a zip code formatted 00000 would lose its zero and every text cell would be blank.
  const partOfType = (type: keyof typeof PARTS_CELLS_NEED) => {
    const rel = relationships.find((candidate) => (candidate.get('Type') ?? '').endsWith(`/${type}`));
    if (!rel) return null;
    const part = resolvePart(folder, rel.get('Target') ?? '');
    if (!parts.has(part))
      throw missingPart(fileName, folder, rel.get('Target') ?? '', PARTS_CELLS_NEED[type]);
    return part;
  };
  const date1904Value = elements(workbookXml, 'workbookPr')[0]?.get('date1904') ?? '';
  const fullCalcValue = elements(workbookXml, 'calcPr')[0]?.get('fullCalcOnLoad') ?? '';
  const sheets = elements(workbookXml, 'sheet').map((sheet, index): WorkbookSheet => {
    const part = resolvePart(folder, targets.get(sheet.get('r:id') ?? '') ?? '');
    const state = sheet.get('state') ?? 'visible';
    return {
      name: sheet.get('name') ?? `Sheet${index + 1}`,
      position: index + 1,
      hidden: state === 'hidden' || state === 'veryHidden',
      part,
      hasData: partsWithData.has(part),
      marks: marks.get(part)?.marks() ?? NO_MARKS,
    };
  });
  if (sheets.length === 0) throw notAWorkbook(fileName, entries);
  return {
    sheets,
    date1904: date1904Value === '1' || date1904Value.toLowerCase() === 'true',
    recalcOnLoad: fullCalcValue === '1' || fullCalcValue.toLowerCase() === 'true',
    parts,
    sharedStringsPart: partOfType('sharedStrings'),
    stylesPart: partOfType('styles'),
  };
}
