/**
 * Which reader a file goes to, decided by its content first and by its name where the content says
 * nothing more; everything neither reader can use is refused here with advice.
 */
import type { ByteSource } from './types.ts';
import { binaryKindOf, extensionOf, fileKindOf, isEncryptedOoxml, readHead } from './file-kind.ts';
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);

export type Classified = { format: 'xlsx' } | { format: 'csv' };

/** Refuses what cannot be read, by content first and by name where the content says nothing more. */
export async function classify(source: ByteSource): Promise<Classified> {
  const name = source.name;
  const extension = extensionOf(name);
  const kind = fileKindOf(await readHead(source, 8));
  if (kind === 'empty') {
    throw new SheetReadError(
      'empty_file',
      name,
      `${name} is empty (0 bytes). Choose the file again, or export it again from the system it came from.`,
    );
  }
  if (kind === 'cfb') {
    if (await isEncryptedOoxml(source)) {
      throw new SheetReadError(
        'encrypted_workbook',
        name,
        `${name} is password-protected. Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password), and save it as .xlsx or .csv.`,
      );
    }
    throw new SheetReadError(
      'unsupported_format',
      name,
      `${name} is an Excel 97–2003 workbook (.xls) or another older Office file, which this tool does not read. ${SAVE_AS_ADVICE}`,
    );
  }
  // A real .xls is a CFB file (refused above). Many web systems' "Excel export" is tab-delimited text or
  // an HTML table under an .xls name: text is read as text, markup is refused when the text is sampled.
  if (extension === '.ods' || extension === '.numbers') {
    const what = extension === '.ods' ? 'an OpenDocument spreadsheet (.ods)' : 'an Apple Numbers file';
    throw new SheetReadError(
      'unsupported_format',
      name,
      `${name} is ${what}, which this tool does not read. ${SAVE_AS_ADVICE}`,
    );
  }
  if (kind === 'zip') return { format: 'xlsx' };
  // A scan or a picture saved under a spreadsheet's name: said what it is, never "plain text", and not
  // sent to the text reader, whose complaints (encoding, delimiter) would point the wrong way.
  const binary = binaryKindOf(await readHead(source, 4096), {
    knownOnly: !WORKBOOK_EXTENSIONS.has(extension),
  });
  if (binary) {
    const named = WORKBOOK_EXTENSIONS.has(extension)
      ? 'is named like an Excel workbook but'
      : extension
        ? `is named like a ${extension.slice(1).toUpperCase()} file but`
        : '';
    throw new SheetReadError(
      'binary_file',
      name,
      `${name} ${named} is not a spreadsheet: its contents are ${binary}. Choose the referral file itself (an Excel workbook, .xlsx, or a CSV file); if the referrals are only in this file, copy them into Excel or LibreOffice and save that as .xlsx or .csv.`.replace(
        /  +/g,
        ' ',
      ),
    );
  }
  if (WORKBOOK_EXTENSIONS.has(extension)) {
    throw new SheetReadError(
      'corrupt_workbook',
      name,
      `${name} is named like an Excel workbook but is not one (its contents are plain text). If it is a CSV file, rename it to end in .csv; otherwise ${SAVE_AS_ADVICE.charAt(0).toLowerCase()}${SAVE_AS_ADVICE.slice(1)}`,
    );
  }
  return { format: 'csv' };
}
