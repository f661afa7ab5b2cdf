import type { SheetChoice, SourceView } from '../../../main/bridge/contract.ts';

/** " (23 rows, 8 of 8 headers known)", " (hidden)", or '' when the sheet was not looked at. */
function sheetDetails(sheet: SheetChoice): string {
  if (sheet.hidden) return ' (hidden)';
  if (sheet.unreadable) return ' (no table)';
  if (sheet.rows === undefined) return '';
  const rows = `${sheet.rows.toLocaleString()}${sheet.moreRows ? '+' : ''} ${sheet.rows === 1 && !sheet.moreRows ? 'row' : 'rows'}`;
  return sheet.headers
    ? ` (${rows}, ${sheet.recognised ?? 0} of ${sheet.headers} headers known)`
    : ` (${rows})`;
}

/** "Referrals (23 rows, 8 of 8 headers known)" in the sheet list. */
export function sheetOptionText(sheet: SheetChoice): string {
  return `${sheet.name}${sheetDetails(sheet)}`;
}

/**
 * Which sheet of a workbook was opened and why (core's openDataSheet, as the CLI's `map` chooses):
 * the one that looks most like referral data, the others named, and said to be a guess when it was.
 */
export function SheetChoiceNote({ source, shown }: { source: SourceView; shown: string | null }) {
  const chosen = source.sheets.find((sheet) => sheet.name === source.chosenSheet);
  if (!chosen || source.sheets.length < 2 || shown !== source.chosenSheet) return null;
  const position = source.sheets.indexOf(chosen) + 1;
  const others = source.sheets.filter((sheet) => sheet !== chosen);
  return (
    <div
      className={`notice ${source.sheetGuessed ? 'warn' : 'info'}`}
      role="status"
      aria-label="Sheet chosen"
    >
      We opened sheet “{chosen.name}” ({position} of {source.sheets.length}), the one that looks most like
      referral data{sheetDetails(chosen)}. Other sheets:{' '}
      {others.map((sheet) => `“${sheet.name}”${sheetDetails(sheet)}`).join(', ')}.{' '}
      {source.sheetGuessed && (
        <strong>This is a guess: if it is not the sheet to import, choose another below.</strong>
      )}
    </div>
  );
}
