/**
 * A workbook's sheets (names, order, hidden or not, which ones hold data), its date system and where
 * its shared strings and styles live, learnt during the inflating pass from xl/workbook.xml and its
 * relationships, before a single row is read.
 */
import type { ByteSource, SheetInfo } from './types.ts';
import { readZipDirectory, type ZipEntry } from './zip-directory.ts';
import { inflateAllParts, type InflateLimits } from './zip-inflate.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

export interface WorkbookSheet extends SheetInfo {
  /** Zip path of the sheet's XML, e.g. "xl/worksheets/sheet2.xml". */
  part: string;
  /** The sheet has at least one cell with a value. */
  hasData: boolean;
}

export interface WorkbookLayout {
  sheets: WorkbookSheet[];
  date1904: boolean;
  /** Every part of the package by zip path, for streaming one of them later. */
  parts: Map<string, ZipEntry>;
  /** Zip paths of the shared strings and styles parts, when the workbook has them. */
  sharedStringsPart: string | null;
  stylesPart: string | null;
}

const WORKBOOK_PART = 'xl/workbook.xml';
const WORKBOOK_RELS_PART = 'xl/_rels/workbook.xml.rels';
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

/** Relationship targets are relative to xl/ unless they start with "/". */
function resolvePart(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function notAWorkbook(fileName: string, entries: ZipEntry[]): SheetReadError {
  const names = new Set(entries.map((entry) => entry.name));
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
    `${fileName} is a zip archive but not an Excel workbook (it has no ${WORKBOOK_PART}). ${SAVE_AS_ADVICE}`,
  );
}

export async function readWorkbookLayout(
  source: ByteSource,
  limits?: InflateLimits,
  signal?: AbortSignal,
): Promise<WorkbookLayout> {
  const fileName = source.name;
  const entries = await readZipDirectory(source);
  if (!entries.some((entry) => entry.name === WORKBOOK_PART)) throw notAWorkbook(fileName, entries);
  const small = new Map<string, string[]>();
  const partsWithData = new Set<string>();
  await inflateAllParts(
    source,
    entries,
    (entry) => {
      if (entry.name === WORKBOOK_PART || entry.name === WORKBOOK_RELS_PART) {
        const pieces: string[] = [];
        small.set(entry.name, pieces);
        let size = 0;
        return (chunk) => {
          size += chunk.length;
          if (size > SMALL_PART_MAX_BYTES) {
            throw new SheetReadError(
              'corrupt_workbook',
              fileName,
              `${fileName} has an implausibly large ${entry.name}. ${SAVE_AS_ADVICE}`,
            );
          }
          pieces.push(chunk.toString('latin1'));
        };
      }
      if (!entry.name.startsWith('xl/') || !entry.name.endsWith('.xml')) return null;
      // Scan with a small overlap so a tag split across two chunks is still seen.
      let carry = '';
      return (chunk) => {
        const text = carry + chunk.toString('latin1');
        if (CELL_VALUE.test(text)) {
          partsWithData.add(entry.name);
          return false;
        }
        carry = text.slice(-8);
        return true;
      };
    },
    limits,
    signal,
  );
  // Collected as latin1 so multi-byte characters split across chunks survive; decoded as UTF-8 whole.
  const utf8 = (name: string) => Buffer.from((small.get(name) ?? []).join(''), 'latin1').toString('utf8');
  const workbookXml = utf8(WORKBOOK_PART);
  const relsXml = utf8(WORKBOOK_RELS_PART);
  const relationships = elements(relsXml, 'Relationship');
  const targets = new Map(relationships.map((rel) => [rel.get('Id') ?? '', rel.get('Target') ?? '']));
  const parts = new Map(entries.map((entry) => [entry.name, entry]));
  const partOfType = (type: string) => {
    const rel = relationships.find((candidate) => (candidate.get('Type') ?? '').endsWith(`/${type}`));
    const part = rel ? resolvePart(rel.get('Target') ?? '') : null;
    return part !== null && parts.has(part) ? part : null;
  };
  const date1904Value = elements(workbookXml, 'workbookPr')[0]?.get('date1904') ?? '';
  const sheets = elements(workbookXml, 'sheet').map((sheet, index): WorkbookSheet => {
    const part = resolvePart(targets.get(sheet.get('r:id') ?? '') ?? '');
    const state = sheet.get('state') ?? 'visible';
    return {
      name: sheet.get('name') ?? `Sheet${index + 1}`,
      position: index + 1,
      hidden: state === 'hidden' || state === 'veryHidden',
      part,
      hasData: partsWithData.has(part),
    };
  });
  if (sheets.length === 0) throw notAWorkbook(fileName, entries);
  return {
    sheets,
    date1904: date1904Value === '1' || date1904Value.toLowerCase() === 'true',
    parts,
    sharedStringsPart: partOfType('sharedStrings'),
    stylesPart: partOfType('styles'),
  };
}
