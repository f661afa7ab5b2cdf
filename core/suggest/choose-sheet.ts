/**
 * Which sheet of a workbook a new mapping is for, when nobody said (issue 16, point 9: `map` read sheet
 * 1, "Summary", without naming it). Every visible sheet is opened and scored by how many of its headers
 * name a target and how many rows it has; the best is read, and the choice is said in words with the
 * other sheets, and as a guess (with how to choose) when another sheet comes close or when it is not
 * the sheet a reader opens first.
 */
import type { AccountReference } from '../account/reference.ts';
import { listSheets, openSheet } from '../read/open-sheet.ts';
import { SheetReadError } from '../read/sheet-read-error.ts';
import type { ByteSource, ReadOptions, SheetSource } from '../read/types.ts';
import { caseFieldCandidates, offlineCandidates, subjectCandidates } from './candidates.ts';
import { normaliseLabel } from '../mapping/similarity.ts';

/** Rows counted per sheet: enough to tell a table from a summary, bounded for a huge one. */
const COUNTED_ROWS = 1000;

export interface SheetLook {
  name: string;
  position: number;
  hidden: boolean;
  /** Data rows (up to COUNTED_ROWS; `moreRows` when there are more). */
  rows: number;
  moreRows: boolean;
  /** Headers that name a target. */
  recognised: number;
  headers: number;
  /** Why the sheet could not be read as a table, when it could not. */
  unreadable?: string;
}

export interface SheetChoice {
  sheet: SheetSource;
  /** Every sheet of the workbook as looked at (hidden ones not opened); empty for delimited text. */
  sheets: SheetLook[];
  /** True when the tool picked among several sheets that could be data, or not the first one. */
  guessed: boolean;
  /** What was read and why, in words; null when there was nothing to choose. */
  said: string | null;
}

/**
 * Opens the sheet a mapping should be proposed for: the one asked for (`options.sheet`), else the
 * one that looks most like referral data.
 */
export async function openDataSheet(
  source: ByteSource,
  options: ReadOptions & { reference?: AccountReference | undefined } = {},
): Promise<SheetChoice> {
  const { reference, ...readOptions } = options;
  if (options.sheet !== undefined && options.sheet !== '') {
    const sheet = await openSheet(source, readOptions);
    const looks = sheet.sheets.map(emptyLook);
    return {
      sheet,
      sheets: looks,
      guessed: false,
      said: sheet.sheet === null ? null : readLine(sheet, looks),
    };
  }
  // The sheet the reader opens by default lists every sheet: when it is the only visible one, that
  // is the answer, and the workbook was opened once (opening inflates and checks the whole package:
  // listing the sheets first and then opening one did it twice, issue 13).
  const first = await openSheet(source, readOptions).catch((error: unknown) => {
    if (error instanceof SheetReadError) return null;
    throw error;
  });
  if (first && first.sheets.filter((info) => !info.hidden).length <= 1) {
    const looks = first.sheets.map(emptyLook);
    return {
      sheet: first,
      sheets: looks,
      guessed: false,
      said: first.sheet === null ? null : readLine(first, looks),
    };
  }
  const infos = first ? first.sheets : await listSheets(source);
  const visible = infos.filter((info) => !info.hidden);
  if (visible.length <= 1) {
    const sheet = await openSheet(source, readOptions);
    const looks = infos.map(emptyLook);
    return {
      sheet,
      sheets: looks,
      guessed: false,
      said: sheet.sheet === null ? null : readLine(sheet, looks),
    };
  }
  const labels = knownLabels(reference);
  const looks: SheetLook[] = [];
  const opened = new Map<string, SheetSource>();
  for (const info of infos) {
    const look = emptyLook(info);
    looks.push(look);
    if (info.hidden) continue;
    try {
      const sheet =
        first !== null && first.sheet === info.name
          ? first
          : await openSheet(source, { ...readOptions, sheet: info.position });
      opened.set(info.name, sheet);
      look.headers = sheet.headers.length;
      look.recognised = sheet.headers.filter((header) => labels.has(normaliseLabel(header))).length;
      for await (const row of sheet.rows()) {
        void row;
        if (look.rows === COUNTED_ROWS) {
          look.moreRows = true;
          break;
        }
        look.rows++;
      }
    } catch (error) {
      if (!(error instanceof SheetReadError)) throw error;
      look.unreadable = error.message;
    }
  }
  const ranked = looks
    .filter((look) => opened.has(look.name) && look.rows > 0)
    .sort((a, b) => score(b) - score(a) || a.position - b.position);
  const best = ranked[0];
  if (!best) {
    // Nothing looks like a table: what the reader opens by default, with its own message if it fails.
    const sheet = await openSheet(source, readOptions);
    return { sheet, sheets: looks, guessed: true, said: readLine(sheet, looks) };
  }
  const runnerUp = ranked[1];
  const firstWithData = ranked.slice().sort((a, b) => a.position - b.position)[0];
  const close = runnerUp !== undefined && score(runnerUp) * 2 > score(best);
  const guessed = close || firstWithData !== best;
  const sheet = opened.get(best.name)!;
  return { sheet, sheets: looks, guessed, said: readLine(sheet, looks, best, guessed) };
}

/** Recognised headers count most: a referral table names many targets, a summary few. */
function score(look: SheetLook): number {
  return look.recognised * 10 + Math.min(look.rows, 50) / 10;
}

function emptyLook(info: { name: string; position: number; hidden: boolean }): SheetLook {
  return {
    name: info.name,
    position: info.position,
    hidden: info.hidden,
    rows: 0,
    moreRows: false,
    recognised: 0,
    headers: 0,
  };
}

function knownLabels(reference: AccountReference | undefined): Set<string> {
  const candidates = offlineCandidates(reference !== undefined);
  if (reference) candidates.push(...caseFieldCandidates(reference, null), ...subjectCandidates(reference));
  return new Set(candidates.flatMap((candidate) => [...candidate.labels.keys()]));
}

function rowsText(look: SheetLook): string {
  return `${look.rows}${look.moreRows ? '+' : ''} ${look.rows === 1 && !look.moreRows ? 'row' : 'rows'}`;
}

/** 'Read sheet "Referrals" (2 of 3) …; the others: "Summary" (3 rows), "Notes" (hidden).' */
function readLine(sheet: SheetSource, looks: SheetLook[], chosen?: SheetLook, guessed = false): string {
  const read = sheet.sheets.find((info) => info.name === sheet.sheet);
  const position = read?.position;
  // Given by name or position, a hidden sheet is read; the clerk sees no tab for it in Excel.
  const hidden = read?.hidden ? ', hidden in Excel' : '';
  const others = looks
    .filter((look) => look.name !== sheet.sheet)
    .map((look) =>
      look.hidden
        ? `"${look.name}" (hidden)`
        : look.unreadable
          ? `"${look.name}" (no table)`
          : look.headers === 0
            ? `"${look.name}"`
            : `"${look.name}" (${rowsText(look)}, ${look.recognised} of ${look.headers} headers recognised)`,
    );
  let line = `Read sheet "${sheet.sheet}"${position ? ` (sheet ${position} of ${sheet.sheets.length}${hidden})` : ''}`;
  if (chosen)
    line += `: it looks most like referral data (${rowsText(chosen)}, ${chosen.recognised} of ${chosen.headers} headers recognised)`;
  line += others.length ? `. Other sheets: ${others.join(', ')}.` : '.';
  if (guessed) line += ' This is a guess: to read another sheet, give --sheet NAME.';
  return line;
}
