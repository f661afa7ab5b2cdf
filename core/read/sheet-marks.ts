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
/** Long enough to hold any one of the tags looked for, split across two chunks. */
const OVERLAP = 1024;

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

  feed(chunk: Buffer): void {
    // Most chunks hold none of the names: look for them in the bytes (and across the seam with the
    // chunk before) and decode only a chunk that has one.
    const seam = Buffer.concat([this.carry, chunk.subarray(0, OVERLAP)]);
    const holds = (name: string) => chunk.includes(name) || seam.includes(name);
    const hasMerge = holds('mergeCell');
    const hasColumn = holds('<col ') || holds(':col ');
    const hasFilter = !this.autoFilter && holds('autoFilter');
    if (hasMerge || hasColumn || hasFilter) {
      // Names and references are ASCII: latin1 keeps every byte and never fails on a split character.
      const text = this.carry.toString('latin1') + chunk.toString('latin1');
      if (hasMerge) this.addMerges(text);
      if (hasColumn) this.addHiddenColumns(text);
      if (hasFilter && AUTO_FILTER.test(text)) this.autoFilter = true;
    }
    this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - OVERLAP)));
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
      if (hidden !== '1' && hidden !== 'true') continue;
      const min = Number(attribute(attributes, 'min'));
      const max = Math.min(Number(attribute(attributes, 'max') ?? min), MAX_COLUMNS);
      for (let column = min; column <= max; column++) this.hiddenColumns.add(column);
    }
  }
}
