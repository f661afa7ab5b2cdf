/**
 * A header detected in a row that lacks the mapping's columns, while a row just below holds them all
 * (explore 64 item 4). A carrier's report puts one row of criteria above the table ("Report | Open
 * referrals | Run date | 11/25/2026 | Region | All"): it reads like column names, so it was taken for the
 * header, and last month's working template was refused with "rename each column". The mapped columns
 * decide instead: the first of the next few rows that holds every one of them is read as the header, and
 * that this was a guess is said with how to pin the row. Only when the detected header lacks a mapped
 * column, so a file that fits costs nothing more.
 */
import type { Mapping } from '../mapping/schema.ts';
import { checkMappingAgainstHeaders } from '../mapping/check-headers.ts';
import { openSheet } from '../read/open-sheet.ts';
import { uniqueHeaders, usedWidth } from '../read/header-row.ts';
import type { ByteSource, ReadOptions, SheetSource } from '../read/types.ts';

/** Rows below the detected header looked at: a criteria row or a short title block, not a table. */
const ROWS_BELOW = 5;

/** The sheet's header holds every column the mapping names (in another case counts, as it is read). */
export function fitsMapping(
  mapping: Mapping,
  sheet: Pick<SheetSource, 'headers' | 'fileName' | 'sheet'>,
): boolean {
  return checkMappingAgainstHeaders(mapping, sheet.headers, sheet.fileName, sheet.sheet).length === 0;
}

/**
 * The sheet re-read with its header in the first of the next rows that holds every mapped column, its
 * guess said in `guesses`; null when none does (the usual refusal then names the missing columns).
 * `flag`: the command has --header-row.
 */
export async function mappedHeaderBelow(
  source: ByteSource,
  sheet: SheetSource,
  mapping: Mapping,
  options: ReadOptions,
  flag: boolean,
): Promise<SheetSource | null> {
  let found: number | null = null;
  let looked = 0;
  for await (const row of sheet.rows()) {
    if (++looked > ROWS_BELOW) break;
    // Cells past the detected header's width are kept apart (data-rows.ts): the real header is wider.
    const cells = [...row.cells, ...(row.beyondHeaders ?? [])];
    const headers = uniqueHeaders(cells, usedWidth(cells));
    if (fitsMapping(mapping, { headers, fileName: sheet.fileName, sheet: sheet.sheet })) {
      found = row.row;
      break;
    }
  }
  if (found === null) return null;
  const position = sheet.sheets.find((info) => info.name === sheet.sheet)?.position;
  const reread = await openSheet(source, {
    ...options,
    ...(position === undefined ? {} : { sheet: position }),
    headerRow: found,
  });
  reread.guesses = [...(reread.guesses ?? []), headerGuessNote(sheet, found, flag)];
  return reread;
}

function headerGuessNote(detected: SheetSource, found: number, flag: boolean): string {
  const where =
    detected.sheet === null ? detected.fileName : `sheet "${detected.sheet}" of ${detected.fileName}`;
  const held = detected.headers.filter((header) => !/^Column \d+$/.test(header));
  const holds = held.slice(0, 4).join(', ') + (held.length > 4 ? ', …' : '');
  const pin = flag
    ? `give --header-row ${found} (or set "headerRow": ${found} in the mapping's "source")`
    : `set "headerRow": ${found} in the mapping's "source"`;
  return (
    `the column names were read from row ${found} of ${where}, a guess: row ${detected.headerRow} (${holds}) ` +
    `looks like column names but lacks the columns the mapping names, and row ${found} holds them all. ` +
    `If that is the header, ${pin} to read it there without a guess; the rows above it are not read.`
  );
}
