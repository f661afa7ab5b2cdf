/**
 * What differs between the desktop window and browser mode when files cross to the user: Electron
 * shows native dialogs in main; a browser uploads bytes and receives downloads through the bridge.
 */
import { readFile } from 'node:fs/promises';
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

export const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
} as const;
