/**
 * CSV output that opens right in Excel: UTF-8 with a byte-order mark by default (without it Excel reads
 * UTF-8 as the local code page), CRLF line ends (RFC 4180), and no cell a spreadsheet would run as a
 * formula. Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP
 * "CSV injection"), and so does text that starts with `'` before one of those, so the guard can be taken
 * off again when the tool reads its own file back (core/read/our-csv.ts); numbers, negative ones included, are written as plain numbers because they are
 * numbers, not text that merely looks like one.
 */
import type { Writable } from 'node:stream';
import { neutraliseFormula } from '../read/our-csv.ts';

/** A cell as the CSV writes it: text (guarded), a number, a calendar date or a date-time. */
export type CsvCell = null | string | number | { date: string } | { dateTime: string };

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'object') return 'date' in cell ? cell.date : cell.dateTime.replace('T', ' ');
  return quote(neutraliseFormula(cell));
}

export function csvLine(cells: CsvCell[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

/** A record's line for `columns`: csvLine of their values, with one array per row instead of two. */
export function csvRecordLine<R>(columns: readonly { value(record: R): CsvCell }[], record: R): string {
  // One array joined, not a string grown by +=: that builds a deep rope V8 must flatten later, which
  // measured slower than both arrays.
  const fields = new Array<string>(columns.length);
  for (let index = 0; index < columns.length; index++)
    fields[index] = csvField(columns[index]!.value(record));
  return fields.join(',') + '\r\n';
}

/**
 * A field is quoted when it holds a quote, a comma or a line break, or starts or ends with white space
 * (`\s`, which a reader may trim). The ends are tested by their characters: `/[",\r\n]|^\s|\s$/` tried
 * its three branches at every character of every exported cell (issue 13, the CSV export).
 */
const NEEDS_QUOTES = /[",\r\n]/;
/** `\s` of one character, for those past ASCII (U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, …). */
const SPACE = /\s/;

function isSpaceAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code >= 0xa0 && SPACE.test(text[index] as string);
}

/** Quotes a field's text as the CSV needs it, without the formula guard (for text already guarded). */
export function quote(text: string): string {
  const quoted =
    text.length > 0 && (isSpaceAt(text, 0) || isSpaceAt(text, text.length - 1) || NEEDS_QUOTES.test(text));
  return quoted ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes lines in chunks of about 256 KB, waiting for the stream to drain so memory stays bounded.
 * One write per line cost an event-loop turn per drain and a file write per 16 KB; the chunking was
 * measured (docs/benchmarks.md, finding 2), the bytes written are the same.
 */
const CHUNK = 256 * 1024;

export class CsvWriter {
  private readonly output: Writable;
  private pending = '';

  constructor(output: Writable, options: { bom: boolean }) {
    this.output = output;
    if (options.bom) this.pending = '\uFEFF';
  }

  async writeHeader(headers: string[]): Promise<void> {
    await this.add(csvLine(headers));
  }

  async writeRow(cells: CsvCell[]): Promise<void> {
    await this.add(csvLine(cells));
  }

  /** Lines already rendered by `csvLine` (the spooled rows, csv-row-spool.ts). */
  async writeLines(text: string): Promise<void> {
    await this.add(text);
  }

  /** Lines already rendered and encoded as UTF-8 (a spooled file copied as it is). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.pending) await this.flush();
    await this.write(bytes);
  }

  async end(): Promise<void> {
    if (this.pending) await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.output.once('error', reject);
      this.output.end(() => resolve());
    });
  }

  private async add(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    await this.write(text);
  }

  private async write(data: string | Uint8Array): Promise<void> {
    if (!this.output.write(data)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        this.output.once('error', onError);
        this.output.once('drain', () => {
          this.output.off('error', onError);
          resolve();
        });
      });
    }
  }
}
