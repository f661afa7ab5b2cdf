/**
 * What a worksheet says about its cells outside them, which the row stream cannot know in time: merged
 * ranges (`<mergeCells>` comes after `<sheetData>`, so after every row has been handed on), hidden
 * columns (`<cols>`) and whether an autofilter is set. Found while the workbook is opened, in its
 * inflated bytes, by looking only for those elements' names (the XML scanner is not run).
 * Hidden rows need no pass: `<row hidden="1">` is seen as each row is read.
 */
import { columnOf, MAX_COLUMNS } from './cell-reference.ts';

export interface MergedRange {
  /** As the sheet writes it, "F2:F4". */
  range: string;
  /** 1-based rows and columns of its corners. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetMarks {
  merges: MergedRange[];
  /** 1-based columns hidden in Excel. */
  hiddenColumns: Set<number>;
  /** The sheet has an autofilter (its filter may be what hides rows). */
  autoFilter: boolean;
}

export const NO_MARKS: SheetMarks = { merges: [], hiddenColumns: new Set(), autoFilter: false };

const MERGE_CELL = /<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)["']/g;
const COLUMN = /<(?:[\w.-]+:)?col\s([^>]*)>/g;
const AUTO_FILTER = /<(?:[\w.-]+:)?autoFilter[\s>/]/;
/** The element's name, as bytes: searched for in every chunk inside it. */
const SHEET_DATA = Buffer.from('sheetData', 'latin1');
/** A worksheet's root element (`<worksheet` or `<x:worksheet`) comes within these first bytes. */
const ROOT_WITHIN = 4096;
/** Long enough to hold any one of the tags looked for, split across two chunks. */
const OVERLAP = 1024;

/**
 * Whether the last `sheetData` tag in `bytes` opens the element and leaves it open (`<sheetData>` or
 * `<x:sheetData …>`), rather than closing it (`</sheetData>`) or being empty (`<sheetData/>`). A tag cut
 * by the end of the bytes counts as open: the end tag, when it comes, is looked for.
 */
function sheetDataLeftOpen(bytes: Buffer): boolean {
  const at = bytes.lastIndexOf('sheetData');
  const open = bytes.lastIndexOf('<', at);
  if (open >= 0 && bytes[open + 1] === 0x2f /* / */) return false;
  const close = bytes.indexOf('>', at);
  return close < 0 || bytes[close - 1] !== 0x2f; /* / */
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  return match?.[1];
}

/**
 * Fed a part's inflated bytes in order, during the pass that inflates every part of the workbook
 * anyway (workbook-layout.ts), so that finding the marks costs no second inflate of the sheet.
 */
export class SheetMarksScanner {
  private readonly merges = new Map<string, MergedRange>();
  private readonly hiddenColumns = new Set<number>();
  private autoFilter = false;
  private carry = Buffer.alloc(0);
  /**
   * Where the bytes fed so far have reached: none of the marks can stand inside `<sheetData>` (they
   * are no children of rows or cells), which is nearly all of a sheet's bytes; there only the end of
   * sheetData is looked for, one search instead of four (four searches over a 137 MB sheet took ≈ 4 %
   * of reading it). Before and after it, every chunk is searched as a whole, so a writer that put the
   * marks out of the schema's order is still read.
   */
  private place: 'before' | 'inside' | 'after' | 'not a worksheet' = 'before';
  /** Bytes fed so far, until the root element is known. */
  private fed = 0;

  feed(chunk: Buffer): void {
    if (this.place === 'not a worksheet') return;
    // The workbook's other XML parts (the shared strings: 22 MB for 100k rows; styles) hold no marks: a
    // worksheet names its root element first, so a part that has not within its first bytes is left.
    if (this.fed < ROOT_WITHIN) {
      this.fed += chunk.length;
      if (this.place === 'before' && !Buffer.concat([this.carry, chunk]).includes('worksheet')) {
        this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - OVERLAP)));
        if (this.fed >= ROOT_WITHIN) this.place = 'not a worksheet';
        return;
      }
      this.fed = ROOT_WITHIN;
    }
    const carried = this.carry;
    this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - OVERLAP)));
    if (this.place === 'inside') {
      // Only the end tag names it in there (a cell's text holds no "<"): one search of the chunk and a
      // few bytes across its seam, nothing larger built, since most of a sheet's chunks are here.
      const cut = SHEET_DATA.length - 1;
      const across = Buffer.concat([
        carried.subarray(Math.max(0, carried.length - cut)),
        chunk.subarray(0, cut),
      ]);
      if (chunk.indexOf(SHEET_DATA) < 0 && across.indexOf(SHEET_DATA) < 0) return;
      this.place = 'after';
    }
    // Most chunks hold none of the names: look for them in the bytes (and across the seam with the
    // chunk before) and decode only a chunk that has one.
    const seam = Buffer.concat([carried, chunk.subarray(0, OVERLAP)]);
    const holds = (name: string) => chunk.includes(name) || seam.includes(name);
    if (this.place === 'before' && holds('sheetData'))
      this.place = sheetDataLeftOpen(Buffer.concat([carried, chunk])) ? 'inside' : 'after';
    const hasMerge = holds('mergeCell');
    const hasColumn = holds('<col ') || holds(':col ');
    const hasFilter = !this.autoFilter && holds('autoFilter');
    if (hasMerge || hasColumn || hasFilter) {
      // Names and references are ASCII: latin1 keeps every byte and never fails on a split character.
      const text = carried.toString('latin1') + chunk.toString('latin1');
      if (hasMerge) this.addMerges(text);
      if (hasColumn) this.addHiddenColumns(text);
      if (hasFilter && AUTO_FILTER.test(text)) this.autoFilter = true;
    }
  }

  marks(): SheetMarks {
    if (this.merges.size === 0 && this.hiddenColumns.size === 0 && !this.autoFilter) return NO_MARKS;
    return {
      merges: [...this.merges.values()],
      hiddenColumns: this.hiddenColumns,
      autoFilter: this.autoFilter,
    };
  }

  private addMerges(text: string): void {
    for (const match of text.matchAll(MERGE_CELL)) {
      const [, left, top, right, bottom] = match as unknown as string[];
      const range = `${left}${top}:${right}${bottom}`.toUpperCase();
      this.merges.set(range, {
        range,
        top: Number(top),
        left: columnOf(left),
        bottom: Number(bottom),
        right: columnOf(right),
      });
    }
  }

  private addHiddenColumns(text: string): void {
    for (const match of text.matchAll(COLUMN)) {
      const attributes = match[1] as string;
      const hidden = attribute(attributes, 'hidden');
      // A column given no width (`<col width="0" customWidth="1">`) shows nothing, as a hidden one.
      const width = attribute(attributes, 'width');
      const noWidth = width !== undefined && width.trim() !== '' && Number(width) === 0;
      if (hidden !== '1' && hidden !== 'true' && !noWidth) continue;
      const min = Number(attribute(attributes, 'min'));
      const max = Math.min(Number(attribute(attributes, 'max') ?? min), MAX_COLUMNS);
      for (let column = min; column <= max; column++) this.hiddenColumns.add(column);
    }
  }
}
