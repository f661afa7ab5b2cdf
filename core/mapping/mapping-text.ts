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
  const notText = notTextWords(bytes);
  if (notText !== null)
    throw new MappingError(fileName, [
      {
        path: '',
        message: `${notText}, not the JSON text of a mapping: give the mapping file (one trackops-bulk map wrote, or a template saved from the app)`,
      },
    ]);
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

/**
 * What a file given as the mapping is when it is no text at all: a workbook (the referrals, or a
 * report, given for the mapping) is a zip file; other binary files hold NUL bytes, which text written in
 * UTF-8 never does (UTF-16 text, which does, starts with its byte-order mark). Null for text.
 */
function notTextWords(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return 'is a zip file (an .xlsx workbook, it seems)';
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.subarray(0, 8192).includes(0)) return 'is not text (it holds NUL bytes)';
  return null;
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(json) as unknown;
  } catch (error) {
    throw new MappingError(
      fileName,
      [{ path: '', message: `is not valid JSON: ${jsonSyntaxError(json) ?? (error as Error).message}` }],
      { cause: error },
    );
  }
  // Valid JSON still refused: a key written twice in one object, of which JSON.parse keeps the last.
  const twice = jsonSyntaxError(json);
  if (twice !== null) throw new MappingError(fileName, [{ path: '', message: twice }]);
  return parsed;
}
