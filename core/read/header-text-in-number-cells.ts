/**
 * Header cells a faulty exporter wrote as number cells holding text (`<c r="C1"><v>Budget</v></c>`, no
 * `t="str"`). A data cell of that kind refuses its row (the 'malformed_number' cell, explore 64): its
 * value would be sent though no spreadsheet shows it. A header cell only names its column, so it is
 * read as that name and said, not refused: the text is the only name the file gives the column, the
 * mapping finds the column by it, and no row's value comes from it; refusing would stop a file whose
 * rows are all readable. What the clerk would otherwise be misled by is the spreadsheet showing
 * another number (or 0) where this reader names "Budget", so the note names the cell and the name read.
 */
import type { Cell, SourceRow } from './types.ts';

type TextInNumberCell = Extract<Cell, { type: 'malformed_number' }>;

function isTextInNumberCell(cell: Cell): cell is TextInNumberCell {
  return cell !== null && typeof cell === 'object' && cell.type === 'malformed_number';
}

/** The note for `header`'s number cells holding text, or null when it has none. */
export function headerTextInNumberCellsNote(
  fileName: string,
  sheet: string,
  header: SourceRow,
): string | null {
  const cells = header.cells.filter(isTextInNumberCell);
  if (cells.length === 0) return null;
  const one = cells.length === 1;
  const which = cells.map((cell) => `${cell.reference} ('${cell.text}')`).join(', ');
  return (
    `${one ? 'Header cell' : 'Header cells'} ${which} of sheet "${sheet}" of ${fileName} ${one ? 'is a number cell that holds' : 'are number cells that hold'} text: ` +
    'the program that wrote the file put text where a number goes, so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
    `${one ? 'It was' : 'They were'} read as ${one ? "the column's name" : "the columns' names"}, as written (no row's value comes from ${one ? 'it' : 'them'}). ` +
    `To see ${one ? 'that name' : 'those names'} in a spreadsheet, open the file in Excel or LibreOffice, type ${one ? 'it' : 'them'} into the header and save it as .xlsx.`
  );
}
