/**
 * A copy of the clerk's workbook keeps their defined names as they were: exceljs 4.4.0 reads a name's
 * sheet scope (`localSheetId`) and drops it, so a name local to one sheet came out workbook-wide. Two
 * sheets each with their own "Rate" became one name over both ranges, and a formula on another sheet
 * that meant its own (or no) "Rate" then read someone else's: the copy changed what their formulas say.
 * It also drops names that are not plain ranges (a constant, a formula), which left `#NAME?` behind.
 *
 * So the names are read from the original's workbook.xml and written back as they were, each with the
 * sheet it belongs to found again by name at write time (our summary sheet, added or replaced, comes
 * after theirs; a name of a sheet no longer in the copy goes with it). Print areas and print titles
 * are left to exceljs, which keeps them with the sheet's page setup and writes them scoped already.
 */
import type ExcelJS from 'exceljs';
import { loadJSZip } from '../lazy-libraries.ts';
import { replaceDefinedNames, type DefinedName } from '../files/workbook-defined-names.ts';

/** Names exceljs writes itself from each sheet's page setup. */
const EXCELJS_OWN = new Set(['_xlnm.print_area', '_xlnm.print_titles']);

interface OriginalName {
  name: string;
  /** The sheet it is local to, by name; null: workbook-wide. */
  sheet: string | null;
  /** The element's text (the reference or formula), unescaped. */
  text: string;
}

/**
 * Makes `workbook` (loaded by exceljs from `original`) write the original's defined names. Returns how
 * many were kept, or null when the original's names could not be read (exceljs's are then written).
 */
export async function keepOriginalNames(
  workbook: ExcelJS.Workbook,
  original: Uint8Array,
): Promise<number | null> {
  const names = await originalNames(original).catch(() => null);
  if (names === null) return null;
  const kept = names.filter((name) => !EXCELJS_OWN.has(name.name.toLowerCase()));
  const replaced = replaceDefinedNames(workbook, () =>
    kept.flatMap((name): DefinedName[] => {
      if (name.sheet === null) return [{ name: name.name, ranges: [name.text] }];
      const localSheetId = workbook.worksheets.findIndex((sheet) => sheet.name === name.sheet);
      return localSheetId < 0 ? [] : [{ name: name.name, localSheetId, ranges: [name.text] }];
    }),
  );
  return replaced ? kept.length : null;
}

/** The defined names of a workbook's bytes, each with the name of the sheet it is local to. */
async function originalNames(bytes: Uint8Array): Promise<OriginalName[] | null> {
  const zip = await (await loadJSZip()).loadAsync(bytes);
  const rels = (await zip.file('_rels/.rels')?.async('string')) ?? '';
  const target = /<(?:\w+:)?Relationship\s[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels)?.[0];
  const path = (target && /Target="([^"]+)"/.exec(target)?.[1]?.replace(/^\//, '')) || 'xl/workbook.xml';
  const xml = await zip.file(path)?.async('string');
  if (xml === undefined) return null;
  const sheets = [...xml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map(([element]) =>
    unescapeXml(attribute(element, 'name') ?? ''),
  );
  const names: OriginalName[] = [];
  for (const [, attributes, text] of xml.matchAll(
    /<(?:\w+:)?definedName(\s[^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?definedName>)/g,
  )) {
    const name = attribute(attributes!, 'name');
    if (name === null) continue;
    const local = attribute(attributes!, 'localSheetId');
    const sheet = local === null ? null : (sheets[Number(local)] ?? null);
    // A scope naming no sheet of the file: kept nowhere rather than made workbook-wide.
    if (local !== null && sheet === null) continue;
    names.push({ name: unescapeXml(name), sheet, text: unescapeXml(text ?? '') });
  }
  return names;
}

function attribute(element: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] ?? null;
}

/** XML's five entities and character references (exceljs escapes the text again when it writes). */
function unescapeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (_, hex, decimal, named) => {
    if (hex) return String.fromCodePoint(parseInt(hex as string, 16));
    if (decimal) return String.fromCodePoint(Number(decimal));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named as 'amp'];
  });
}
