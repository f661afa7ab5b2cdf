/**
 * The encoding an XML part of a workbook is written in, found as XML 1.0 Appendix F says: a byte order
 * mark, the pattern of `<?` in UTF-16 written without one, or the `encoding` its declaration names.
 * Excel writes UTF-8; some .NET writers write UTF-16 (`encoding="UTF-16"` with a BOM), which LibreOffice
 * reads exactly. Decoding those as UTF-8 refused a valid file as "damaged" with garbled characters in
 * the message (explore 64); a part in an encoding nobody can decode here is refused saying so.
 * Bytes that are not valid in the part's encoding are damage: decoded as U+FFFD they would be read
 * as "M�ller" without a word.
 */
import { SheetReadError, SAVE_AS_ADVICE } from './sheet-read-error.ts';

/** Bytes enough to hold a BOM and an XML declaration (`<?xml version="1.0" encoding="…" standalone="yes"?>`). */
export const XML_HEAD_BYTES = 512;

/** UTF-16 told by its BOM or by `<?` as two-byte characters; null for an encoding ASCII names read in. */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return 'utf-16be';
  return null;
}

const DECLARED_ENCODING = /^(?:\xEF\xBB\xBF)?<\?xml\s[^?]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/;

/**
 * The TextDecoder label for a part whose first bytes are `head` (up to XML_HEAD_BYTES of them).
 * A declaration naming UTF-16 over bytes that are not UTF-16 is read by its bytes, as UTF-8: the
 * declaration is what is wrong there (`<?xml` itself would not read in UTF-16).
 */
export function xmlEncodingOf(head: Uint8Array, fileName: string, partName: string): string {
  const utf16 = utf16Of(head);
  if (utf16 !== null) return utf16;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const declared = DECLARED_ENCODING.exec(Buffer.from(head).toString('latin1'))?.[1];
  if (declared === undefined || /^utf-?(?:8|16)$/i.test(declared)) return 'utf-8';
  try {
    // Every label TextDecoder knows (windows-1252, iso-8859-2, shift_jis…). ISO-8859-1 reads as
    // windows-1252 there (the WHATWG rule): they differ only in 0x80-0x9F, control characters no
    // workbook's text holds.
    return new TextDecoder(declared).encoding;
  } catch {
    throw new SheetReadError(
      'unknown_encoding',
      fileName,
      `${fileName} cannot be read: its part ${partName} is written in the encoding '${declared}', which this tool does not know. ${SAVE_AS_ADVICE}`,
    );
  }
}

/** A whole small part's text (workbook.xml, its relationships). */
export function decodeXmlBytes(bytes: Buffer, fileName: string, partName: string): string {
  const encoding = xmlEncodingOf(bytes.subarray(0, XML_HEAD_BYTES), fileName, partName);
  return decoderFor(encoding, fileName, partName)(bytes);
}

/** TextDecoder's decode, refusing bytes its encoding cannot hold. */
type Decode = (input?: Uint8Array, options?: { stream?: boolean }) => string;

function decoderFor(encoding: string, fileName: string, partName: string): Decode {
  const decoder = new TextDecoder(encoding, { fatal: true });
  return (input, options) => {
    try {
      return decoder.decode(input, options);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new SheetReadError(
        'corrupt_workbook',
        fileName,
        `${fileName} is damaged: its part ${partName} holds bytes that are not ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()}, the encoding it is written in, so its text cannot be read exactly. ${SAVE_AS_ADVICE}`,
        { cause: error },
      );
    }
  };
}

/**
 * A part's text as its bytes arrive: the first XML_HEAD_BYTES are held until the encoding is known,
 * then decoded in that encoding across chunk boundaries (a character split between two chunks stays whole).
 */
export class XmlPartDecoder {
  private head: Buffer[] = [];
  private headLength = 0;
  private decode: Decode | null = null;

  constructor(
    private readonly fileName: string,
    private readonly partName: string,
  ) {}

  write(chunk: Buffer): string {
    if (this.decode !== null) return this.decode(chunk, { stream: true });
    this.head.push(chunk);
    this.headLength += chunk.length;
    return this.headLength < XML_HEAD_BYTES ? '' : this.start()(this.takeHead(), { stream: true });
  }

  end(): string {
    if (this.decode !== null) return this.decode();
    return this.start()(this.takeHead());
  }

  private takeHead(): Buffer {
    const head = Buffer.concat(this.head);
    this.head = [];
    return head;
  }

  private start(): Decode {
    const head = Buffer.concat(this.head).subarray(0, XML_HEAD_BYTES);
    this.decode = decoderFor(xmlEncodingOf(head, this.fileName, this.partName), this.fileName, this.partName);
    return this.decode;
  }
}

/**
 * For the pass that looks at every part's raw bytes for ASCII names (`<v>`, `mergeCell`): a UTF-16
 * part's bytes handed on as UTF-8, any other part's as they are (the names read the same in every
 * encoding that is not UTF-16). A part of fewer than 4 bytes holds no such name and is handed nothing.
 */
export function asciiNamesReadable(sink: (chunk: Buffer) => void): (chunk: Buffer) => void {
  let head: Buffer | null = Buffer.alloc(0);
  let decoder: Decode | null = null;
  return (chunk) => {
    let bytes = chunk;
    if (head !== null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) return;
      bytes = head;
      head = null;
      const utf16 = utf16Of(bytes);
      if (utf16 !== null) {
        const whole = new TextDecoder(utf16);
        decoder = (input, options) => whole.decode(input, options);
      }
    }
    sink(decoder === null ? bytes : Buffer.from(decoder(bytes, { stream: true }), 'utf8'));
  };
}
