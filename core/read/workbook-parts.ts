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
import { builtInFormatCode, cellFormatOf, type CellFormat } from './number-formats.ts';
import { tooLongMessage } from './limits.ts';
import { XmlScanner } from './xml-scanner.ts';

/** Element name without its namespace prefix ("x:si" → "si"). */
export function localName(name: string): string {
  // The names read for every cell, as the scanner hands them (constants): no search for a prefix.
  if (name === 'c' || name === 'v' || name === 'row' || name === 't' || name === 'si') return name;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Bounds the text between two tags: the parser holds a text node whole until its end, so one 50 MB
 * "cell" would be held whole before any check on cells could see it.
 */
export interface TextRunGuard {
  maxChars: number;
  /** Throws the refusal, naming what it can (the row being read). */
  refuse(): never;
}

/** A push parser: saxes for the small parts, XmlScanner for sheets and shared strings. */
export interface XmlPartParser {
  write(text: string): unknown;
  close(): unknown;
}

/**
 * Feeds a part's text to `parser`, yielding after each chunk so that a caller can hand on what the
 * chunk completed (a push parser driven from a pull stream). Parse errors name the file and part.
 */
export async function* feedXmlPart(
  source: ByteSource,
  layout: WorkbookLayout,
  partName: string,
  parser: XmlPartParser,
  signal?: AbortSignal,
  guard?: TextRunGuard,
): AsyncGenerator<void> {
  const entry = layout.parts.get(partName);
  if (!entry) {
    throw new SheetReadError(
      'corrupt_workbook',
      source.name,
      `${source.name} is damaged: its part ${partName} is missing. ${SAVE_AS_ADVICE}`,
    );
  }
  let run = 0;
  try {
    for await (const text of partText(source, entry, signal)) {
      if (guard) {
        const lastTag = text.lastIndexOf('<');
        run = lastTag < 0 ? run + text.length : text.length - lastTag - 1;
        if (run > guard.maxChars) guard.refuse();
      }
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
  guard?: TextRunGuard,
): Promise<void> {
  const parser = new SaxesParser();
  listen(parser);
  for await (const _ of feedXmlPart(source, layout, partName, parser, signal, guard));
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
 * V8 keeps a substring of 13 characters or more as a view into the string it was cut from. The shared
 * strings are kept for the whole read, and each was cut from the 64 KB piece of the part's XML it was
 * found in, so together they held the whole part (22 MB of XML for the 9.6 MB of text of a
 * 100,000-row sheet's 758,000 strings, measured by a heap snapshot). A JSON round trip is the cheapest
 * way JavaScript has to make a string that owns its characters; shorter strings are copies already.
 */
function ownString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * The text of each `<si>`: plain (`<t>`) or rich (runs of `<r><t>`), without the phonetic guides
 * (`<rPh>`) Japanese Excel adds; text written as `<![CDATA[…]]>` counts as text.
 */
export async function readSharedStrings(
  source: ByteSource,
  layout: WorkbookLayout,
  signal?: AbortSignal,
  maxChars = Number.POSITIVE_INFINITY,
): Promise<{ strings: string[]; tooLong: Set<number> }> {
  const strings: string[] = [];
  // A string past the limit is kept empty and refused where a cell uses it, naming that cell's row.
  const tooLong = new Set<number>();
  if (!layout.sharedStringsPart) return { strings, tooLong };
  let current = '';
  let inText = false;
  let phoneticDepth = 0;
  const scanner = new XmlScanner({
    openTag(tag, selfClosing) {
      const name = localName(tag);
      if (name === 'si') current = '';
      else if (name === 'rPh') phoneticDepth++;
      else if (name === 't' && phoneticDepth === 0) inText = !selfClosing;
    },
    text(text) {
      if (!inText || tooLong.has(strings.length)) return;
      current += text;
      if (current.length > maxChars) {
        tooLong.add(strings.length);
        current = '';
      }
    },
    closeTag(tag) {
      const name = localName(tag);
      if (name === 't') inText = false;
      else if (name === 'rPh') phoneticDepth--;
      else if (name === 'si') strings.push(ownString(unescapeOoxmlText(current)));
    },
  });
  const feeding = feedXmlPart(
    source,
    layout,
    layout.sharedStringsPart,
    scanner,
    signal,
    Number.isFinite(maxChars)
      ? {
          // Strings up to 4× the limit are refused where a cell uses them (naming its row); a text
          // beyond that is refused at once, as damage of the part.
          maxChars: maxChars * 4,
          refuse: () => {
            throw new SheetReadError(
              'too_long',
              source.name,
              tooLongMessage(
                `The shared strings of ${source.name} (string ${strings.length + 1})`,
                'cell',
                maxChars,
              ),
            );
          },
        }
      : undefined,
  );
  for await (const _ of feeding);
  return { strings, tooLong };
}

const GENERAL: CellFormat = { kind: 'plain', code: 'General' };

/**
 * For each cell format index (a cell's `s`), what its number format makes of a number: a date, a time
 * of day, a duration, digits shaped into text (03101), or the plain number.
 */
export async function readCellFormats(
  source: ByteSource,
  layout: WorkbookLayout,
  signal?: AbortSignal,
): Promise<CellFormat[]> {
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
  const byId = new Map<number, CellFormat>();
  return formatIds.map((id) => {
    let format = byId.get(id);
    if (!format) {
      const custom = customFormats.get(id);
      const code = custom ?? builtInFormatCode(id);
      format = code === 'General' ? GENERAL : cellFormatOf(id, code, custom !== undefined);
      byId.set(id, format);
    }
    return format;
  });
}
