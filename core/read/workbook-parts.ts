/**
 * The two workbook-wide parts a worksheet's cells refer to: the shared strings (most text cells hold
 * only an index into them) and the cell formats (a date is a number whose format shows a date). Both
 * are read whole before the sheet streams; every other part stays on disk.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ByteSource } from './types.ts';
import type { WorkbookLayout } from './workbook-layout.ts';
import { partText } from './zip-inflate.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

/** Element name without its namespace prefix ("x:si" → "si"). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Feeds a part's text to `parser`, yielding after each chunk so that a caller can hand on what the
 * chunk completed (a push parser driven from a pull stream). Parse errors name the file and part.
 */
export async function* feedXmlPart(
  source: ByteSource,
  layout: WorkbookLayout,
  partName: string,
  parser: SaxesParser,
  signal?: AbortSignal,
): AsyncGenerator<void> {
  const entry = layout.parts.get(partName);
  if (!entry) {
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${source.name} is damaged: its part ${partName} is missing. ${SAVE_AS_ADVICE}`,
    );
  }
  try {
    for await (const text of partText(source, entry, signal)) {
      parser.write(text);
      yield;
    }
    parser.close();
  } catch (error) {
    if (error instanceof SheetReadError || signal?.aborted) throw error;
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${source.name} is damaged: its part ${partName} is not valid XML (${(error as Error).message}). ${SAVE_AS_ADVICE}`,
      { cause: error },
    );
  }
}

async function parseXmlPart(
  source: ByteSource,
  layout: WorkbookLayout,
  partName: string,
  listen: (parser: SaxesParser) => void,
  signal?: AbortSignal,
): Promise<void> {
  const parser = new SaxesParser();
  listen(parser);
  for await (const _ of feedXmlPart(source, layout, partName, parser, signal));
}

const ESCAPED_CHARACTER = /_x([0-9A-Fa-f]{4})_/g;

/**
 * OOXML writes characters XML cannot hold (control characters such as a pasted vertical tab) as
 * `_xHHHH_`, and a literal "_x" sequence as `_x005F_x…`; this undoes both (ECMA-376 22.9.2.19).
 */
export function unescapeOoxmlText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPED_CHARACTER, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The text of each `<si>`: plain (`<t>`) or rich (runs of `<r><t>`), without the phonetic guides
 * (`<rPh>`) Japanese Excel adds.
 */
export async function readSharedStrings(
  source: ByteSource,
  layout: WorkbookLayout,
  signal?: AbortSignal,
): Promise<string[]> {
  const strings: string[] = [];
  if (!layout.sharedStringsPart) return strings;
  let current = '';
  let inText = false;
  let phoneticDepth = 0;
  await parseXmlPart(
    source,
    layout,
    layout.sharedStringsPart,
    (parser) => {
      parser.on('opentag', (tag) => {
        const name = localName(tag.name);
        if (name === 'si') current = '';
        else if (name === 'rPh') phoneticDepth++;
        else if (name === 't' && phoneticDepth === 0) inText = !tag.isSelfClosing;
      });
      parser.on('text', (text) => {
        if (inText) current += text;
      });
      parser.on('closetag', (tag) => {
        const name = localName(tag.name);
        if (name === 't') inText = false;
        else if (name === 'rPh') phoneticDepth--;
        else if (name === 'si') strings.push(unescapeOoxmlText(current));
      });
    },
    signal,
  );
  return strings;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format shows a date when it has date or time letters outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** For each cell format index (a cell's `s`), whether it shows a date. */
export async function readDateStyles(
  source: ByteSource,
  layout: WorkbookLayout,
  signal?: AbortSignal,
): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  if (!layout.stylesPart) return [];
  let inCellFormats = false;
  await parseXmlPart(
    source,
    layout,
    layout.stylesPart,
    (parser) => {
      parser.on('opentag', (tag: SaxesTagPlain) => {
        const name = localName(tag.name);
        if (name === 'numFmt') {
          customFormats.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
        } else if (name === 'cellXfs') {
          inCellFormats = true;
        } else if (name === 'xf' && inCellFormats) {
          formatIds.push(Number(tag.attributes.numFmtId ?? 0));
        }
      });
      parser.on('closetag', (tag) => {
        if (localName(tag.name) === 'cellXfs') inCellFormats = false;
      });
    },
    signal,
  );
  return formatIds.map((id) => {
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormatCode(custom) : BUILT_IN_DATE_FORMATS.has(id);
  });
}
