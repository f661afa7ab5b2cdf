/**
 * A mapping file's text as JSON, read the one way the CLI (`--mapping`) and the app (saved templates,
 * "Load from file…") read it, so that a template edited by hand is refused in the same words wherever
 * it is opened: the line and column where it stops being JSON, never a failure without words.
 */
import { jsonSyntaxError } from './json-syntax.ts';
import { MappingError } from './mapping-error.ts';

/**
 * A mapping file's bytes as text. JSON is UTF-8; Notepad's "Unicode" is UTF-16 with a byte-order mark,
 * which says exactly how to read it. Bytes that are not UTF-8 (Notepad's "ANSI", windows-1252) are
 * refused naming the line, never read with a replacement character: "Instrucción" would become a
 * column no sheet has, or a value translated to the wrong name.
 */
export function mappingFileText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const at = firstBadByte(bytes);
    const line = bytes.subarray(0, at).filter((byte) => byte === 0x0a).length + 1;
    const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
    throw new MappingError(
      fileName,
      [
        {
          path: '',
          message:
            `is not UTF-8 text: line ${line} holds the byte 0x${byte}, written in another encoding ` +
            '(such as windows-1252, Notepad\'s "ANSI"); save the file again as UTF-8',
        },
      ],
      { cause: error },
    );
  }
}

/** Where the first character that is not UTF-8 starts (a file that fails to decode has one). */
function firstBadByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let at = 0; at < bytes.length;) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    try {
      decoder.decode(bytes.subarray(at, at + length));
    } catch {
      return at;
    }
    at += length;
  }
  return 0;
}

/**
 * The JSON value of a mapping file's text. `fileName` names it in the refusal ("weekly.json", or "the
 * template 'weekly'", which MappingError says as "The template 'weekly' …").
 */
export function mappingJson(text: string, fileName: string): unknown {
  // Notepad and Excel's 'Save as' put a BOM in front; it is not part of the JSON.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new MappingError(
      fileName,
      [{ path: '', message: `is not valid JSON: ${jsonSyntaxError(json) ?? (error as Error).message}` }],
      { cause: error },
    );
  }
}
