/**
 * What differs between the desktop window and browser mode when files cross to the user: Electron
 * shows native dialogs in main; a browser uploads bytes and receives downloads through the bridge.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileSource, roundTripEdits } from '../../core/index.ts';
import type { SavedFile } from '../bridge/contract.ts';

export interface FinishedFile {
  /** The name to suggest (e.g. "referrals-report.xlsx"). */
  fileName: string;
  mimeType: string;
  /** Where main wrote it (a temp folder). */
  path: string;
}

export interface HostFiles {
  /** Electron: the open dialog; browser mode: null (the renderer uploads with openSource). */
  pickSource: (() => Promise<{ name: string; bytes: Uint8Array } | null>) | null;
  /** Hands a finished file to the user: save dialog and copy (Electron) or a download (browser). */
  deliver(file: FinishedFile): Promise<SavedFile>;
}

/** Browser mode: the bytes go back to the page, which offers them as a download. */
export const browserHostFiles: HostFiles = {
  pickSource: null,
  async deliver(file) {
    const bytes = await readFile(file.path);
    return {
      kind: 'download',
      fileName: file.fileName,
      mimeType: file.mimeType,
      bytesBase64: bytes.toString('base64'),
    };
  },
};

/**
 * Report 4 item 8, in the desktop app: the save dialog's own "replace?" does not say that the file
 * chosen is a round-trip export holding edits. When it is, the words to ask with (else null): the
 * export's `export --out` refuses the same file unless --overwrite. A file the reader cannot open is
 * no round-trip export whose edits could be told (null: the dialog's own question stands).
 */
export async function editedRoundTripWords(path: string): Promise<string | null> {
  const edits = await roundTripEdits(fileSource(path)).catch(() => null);
  if (!edits || edits.editedRows === 0) return null;
  const rows = edits.editedRows === 1 ? '1 row differs' : `${edits.editedRows} rows differ`;
  return (
    `${basename(path)} is a round-trip export whose cells show edits: ${rows} from what was exported. ` +
    'Replacing it throws those edits away if they are not imported yet. Save under another name, or replace it once they are imported (or to discard them).'
  );
}

export const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
} as const;
