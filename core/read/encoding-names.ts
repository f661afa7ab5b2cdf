/**
 * Encoding names a person gives (a mapping's `source.encoding`, `--encoding`, the app's Advanced
 * field), checked without reading any file. Kept apart from text-encoding.ts, which reads bytes with
 * Node's Buffer, because the mapping schema (and with it the app's renderer) needs only the names.
 */
import { SheetReadError } from './sheet-read-error.ts';

/** TextDecoder's name for a user-given label ("UTF8" → "utf-8"); null for one it does not know. */
export function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** Normalises a user-given label, refusing one TextDecoder does not know. */
export function checkedEncoding(fileName: string, label: string): string {
  const name = encodingName(label);
  if (name === null) {
    throw new SheetReadError(
      'unknown_encoding',
      fileName,
      `Unknown encoding "${label}" for ${fileName}. Use one of utf-8, windows-1252, utf-16le, utf-16be (or another WHATWG encoding name).`,
    );
  }
  return name;
}
