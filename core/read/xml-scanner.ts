/**
 * A streaming XML scanner for the two parts read in bulk, sheet XML and shared strings: start tags
 * with their attributes, end tags and character data, fed in chunks of any size. It replaces a
 * general XML parser (saxes) there because that parser spent most of the time of reading an XLSX
 * (docs/benchmarks.md, issue 13): text runs are found with indexOf instead of character by character,
 * and attributes are kept as two short arrays instead of an object per tag.
 *
 * It is still strict, because a damaged part must be refused, never read as fine: a tag left open at
 * the end, an end tag that does not match, an unknown or unterminated entity, an attribute without
 * quotes or repeated, a stray "<", text or a second element outside the root, "]]>" in text, "--" in a
 * comment, characters XML cannot hold, and a DOCTYPE (no workbook part has one; its internal subset
 * could define entities this scanner would not know) all throw. Line ends are normalised and
 * attribute whitespace too, as XML 1.0 §2.11 and §3.3.3 say. Test: test/read/xml-scanner.test.ts
 * checks it against saxes on generated sheet XML and on damaged parts.
 */

/** What the scanner reports, in document order. */
export interface XmlEvents {
  /** A start tag; an empty-element tag (`<c/>`) is followed at once by closeTag. */
  openTag(name: string, selfClosing: boolean): void;
  closeTag(name: string): void;
  /** Character data inside the root (entities decoded, CDATA included), possibly in several pieces. */
  text(text: string): void;
  /**
   * Optional: an element at `start` of `text` that the consumer recognises in a form plain enough to
   * be certain it is well-formed (no entities, no comments, each attribute once), taken whole with the
   * effect its events would have had; returns where it ends, or -1 to let the scanner read it tag by
   * tag. Asked only inside the root, for a start tag: a whole element leaves what is open unchanged.
   */
  element?(text: string, start: number): number;
}

/** A part that is not well-formed XML; the message says what and where (line:column). */
export class XmlScanError extends Error {}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Characters XML 1.0 does not allow (§2.2); with the u flag a surrogate matches only when alone. */
// eslint-disable-next-line no-control-regex -- matching the characters XML forbids is the point here
const NOT_XML_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/u;
/**
 * The longest entity reference read (`&#x10FFFF;` is 10 characters; leading zeros are allowed, so a
 * margin), and so the longest a chunk's text is held back for one cut by the chunk's end.
 */
const LONGEST_ENTITY = 32;

/** `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` between `<?` and `?>` (XML 1.0 §2.8). */
const XML_DECLARATION =
  /^xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*$/;

const HAS_AMPERSAND = 1;
const HAS_SPACE_CHARACTER = 2;

function isNameStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    code === 95 || // _
    code === 58 || // :
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code < 0xfffe)
  );
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code === 0xb7;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function isXmlCharacter(code: number): boolean {
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export class XmlScanner {
  /** What the last chunk left unfinished (a tag, an entity, the start of a text run). */
  private pending = '';
  private readonly open: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  /** Characters consumed before `pending`, and the line count, for error positions. */
  private consumed = 0;
  /** The text the current tag lies in, and per attribute: name start, name end, value start, value end, flags. */
  private tagText = '';
  private readonly attributeSpans: number[] = [];
  private attributeCount = 0;

  constructor(private readonly events: XmlEvents) {}

  /**
   * The value of an attribute of the tag being reported by openTag (entities decoded). Values are
   * sliced only when asked for: most attributes of a sheet (`spans`, `x14ac:dyDescent`) never are.
   */
  attribute(name: string): string | undefined {
    const spans = this.attributeSpans;
    for (let index = 0; index < this.attributeCount * 5; index += 5) {
      const nameStart = spans[index] as number;
      // Compared in place, character by character: the names asked for are one to three characters
      // (`r`, `s`, `t` of every cell), for which a startsWith call cost more than the comparison.
      if (
        (spans[index + 1] as number) - nameStart === name.length &&
        sameText(this.tagText, nameStart, name)
      ) {
        return this.valueAt(index);
      }
    }
    return undefined;
  }

  /** Every attribute of the tag being reported by openTag, in order (for tests and diagnostics). */
  attributeList(): Array<[string, string]> {
    return Array.from({ length: this.attributeCount }, (_, index): [string, string] => [
      this.tagText.slice(this.attributeSpans[index * 5], this.attributeSpans[index * 5 + 1]),
      this.valueAt(index * 5),
    ]);
  }

  private valueAt(index: number): string {
    const spans = this.attributeSpans;
    const start = spans[index + 2] as number;
    const flags = spans[index + 4] as number;
    let value = this.tagText.slice(start, spans[index + 3]);
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal line ends and tabs become spaces.
    if (flags & HAS_SPACE_CHARACTER) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
    if (flags & HAS_AMPERSAND) value = this.decode(value, start);
    return value;
  }

  write(chunk: string): this {
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    // Flattens the joined string now: charCodeAt on a rope is several times slower, once per character.
    void ((text as unknown as number) | 0);
    const stop = this.scan(text, false);
    this.consumed += stop;
    this.pending = stop === text.length ? '' : text.slice(stop);
    return this;
  }

  /** The end of the part: anything left open is damage. */
  close(): this {
    const text = this.pending;
    this.pending = '';
    const stop = this.scan(text, true);
    if (stop < text.length) {
      const rest = text.slice(stop);
      this.fail(
        stop,
        rest.startsWith('<') ? `unfinished markup at the end: ${excerpt(rest)}` : 'unexpected end',
      );
    }
    if (!this.rootSeen) this.fail(text.length, 'no root element');
    if (this.open.length > 0) this.fail(text.length, `unclosed tag <${this.open[this.open.length - 1]}>`);
    return this;
  }

  private fail(offset: number, message: string): never {
    throw new XmlScanError(`character ${this.consumed + offset + 1}: ${message}`);
  }

  /** Scans `text` from its start; returns where the unfinished remainder begins. */
  private scan(text: string, final: boolean): number {
    const end = text.length;
    let position = 0;
    while (position < end) {
      if (text.charCodeAt(position) !== 60) {
        const stop = this.characters(text, position, final);
        // Stopped short of a "<": the chunk ended (the rest is held back for the next one).
        if (stop >= end || text.charCodeAt(stop) !== 60) return stop;
        position = stop;
        continue;
      }
      if (position + 1 >= end) return position;
      const next = text.charCodeAt(position + 1);
      let after: number;
      if (next === 47) after = this.endTag(text, position);
      else if (next === 33) after = this.declaration(text, position, final);
      else if (next === 63) after = this.instruction(text, position);
      else {
        after = this.open.length > 0 && this.events.element ? this.events.element(text, position) : -1;
        if (after < 0) after = this.startTag(text, position);
      }
      if (after < 0) return position;
      position = after;
    }
    return position;
  }

  /**
   * Where a text run cut by the chunk's end can safely be reported up to: not inside an entity
   * reference, nor before a "]" or "\r" that the next chunk may turn into "]]>" or "\r\n".
   */
  private safeTextEnd(text: string, start: number): number {
    let safe = text.length;
    const amp = text.lastIndexOf('&');
    if (amp >= start && text.indexOf(';', amp) < 0 && safe - amp <= LONGEST_ENTITY) safe = amp;
    let held = 0;
    while (safe > start && held < 2) {
      const code = text.charCodeAt(safe - 1);
      if (code !== 93 && code !== 13) break; // ']' or '\r'
      safe--;
      held++;
    }
    // A chunk handed over as text may end between the two halves of a character past U+FFFF: the
    // first half waits for the second (alone, it is no character XML can hold).
    const last = text.charCodeAt(safe - 1);
    if (safe > start && safe === text.length && last >= 0xd800 && last <= 0xdbff) safe--;
    return safe;
  }

  /**
   * The text run from `start` to the next "<" (checked and reported); returns where it stopped: at
   * that "<", or, when the chunk ends first, where it is safe to stop (see safeTextEnd).
   */
  private characters(text: string, start: number, final: boolean): number {
    const length = text.length;
    let index = start;
    let flags = 0;
    let special = false;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code === 60) break;
      if (code === 38) flags |= HAS_AMPERSAND;
      else if (code === 93 || code === 13 || code < 0x20 || code >= 0xd800) special = true;
    }
    const end = index < length || final ? index : this.safeTextEnd(text, start);
    if (end === start) return start;
    let run = text.slice(start, end);
    if (this.open.length === 0) {
      if (run.trim() !== '') this.fail(start, `text outside the root element: ${excerpt(run)}`);
      return end;
    }
    if (special) {
      if (NOT_XML_CHARACTER.test(run)) this.fail(start, 'a character XML cannot hold');
      if (run.includes(']]>')) this.fail(start, '"]]>" in text');
      if (run.includes('\r')) run = run.replace(/\r\n?/g, '\n');
    }
    if (flags & HAS_AMPERSAND) run = this.decode(run, start);
    this.events.text(run);
    return end;
  }

  /** Entity and character references replaced; anything else after "&" is damage. */
  private decode(run: string, offset: number): string {
    let out = '';
    let from = 0;
    for (let amp = run.indexOf('&'); amp >= 0; amp = run.indexOf('&', from)) {
      const semicolon = run.indexOf(';', amp);
      if (semicolon < 0 || semicolon - amp > LONGEST_ENTITY) {
        this.fail(offset + amp, `"&" that starts no entity: ${excerpt(run.slice(amp))}`);
      }
      const name = run.slice(amp + 1, semicolon);
      let value = NAMED_ENTITIES[name];
      if (value === undefined) {
        const code = /^#[0-9]+$/.test(name)
          ? parseInt(name.slice(1), 10)
          : /^#x[0-9A-Fa-f]+$/.test(name)
            ? parseInt(name.slice(2), 16)
            : -1;
        if (code < 0) this.fail(offset + amp, `unknown entity &${name};`);
        if (!isXmlCharacter(code)) this.fail(offset + amp, `&${name}; is not a character XML can hold`);
        value = String.fromCodePoint(code);
      }
      out += run.slice(from, amp) + value;
      from = semicolon + 1;
    }
    return out + run.slice(from);
  }

  /** `<name attr="value" …>` or `<name …/>`; -1 when the chunk ends inside it. */
  private startTag(text: string, start: number): number {
    const end = text.length;
    let index = start + 1;
    if (!isNameStart(text.charCodeAt(index)))
      this.fail(start, `"<" that starts no tag: ${excerpt(text.slice(start))}`);
    index++;
    while (index < end && isNameChar(text.charCodeAt(index))) index++;
    if (index >= end) return -1;
    const name = tagName(text, start + 1, index);
    this.attributeCount = 0;
    let selfClosing = false;
    for (;;) {
      const spaced = isSpace(text.charCodeAt(index));
      while (index < end && isSpace(text.charCodeAt(index))) index++;
      if (index >= end) return -1;
      const code = text.charCodeAt(index);
      if (code === 62) {
        index++;
        break;
      }
      if (code === 47) {
        if (index + 1 >= end) return -1;
        if (text.charCodeAt(index + 1) !== 62) this.fail(index, `"/" inside tag <${name}>`);
        selfClosing = true;
        index += 2;
        break;
      }
      if (!spaced || !isNameStart(code))
        this.fail(index, `malformed tag <${name}>: ${excerpt(text.slice(start))}`);
      const nameStart = index;
      while (index < end && isNameChar(text.charCodeAt(index))) index++;
      const nameEnd = index;
      while (index < end && isSpace(text.charCodeAt(index))) index++;
      if (index >= end) return -1;
      if (text.charCodeAt(index) !== 61) {
        this.fail(index, `attribute ${text.slice(nameStart, nameEnd)} of <${name}> without "="`);
      }
      index++;
      while (index < end && isSpace(text.charCodeAt(index))) index++;
      if (index >= end) return -1;
      const quote = text.charCodeAt(index);
      if (quote !== 34 && quote !== 39) {
        this.fail(index, `attribute ${text.slice(nameStart, nameEnd)} of <${name}> without quotes`);
      }
      const valueStart = index + 1;
      let flags = 0;
      let special = false;
      for (index = valueStart; index < end; index++) {
        const code = text.charCodeAt(index);
        if (code === quote) break;
        if (code === 60) this.fail(index, `"<" in attribute ${text.slice(nameStart, nameEnd)} of <${name}>`);
        if (code === 38) flags |= HAS_AMPERSAND;
        else if (code < 0x20) {
          if (code === 9 || code === 10 || code === 13) flags |= HAS_SPACE_CHARACTER;
          else special = true;
        } else if (code >= 0xd800) special = true;
      }
      if (index >= end) return -1;
      if (special && NOT_XML_CHARACTER.test(text.slice(valueStart, index))) {
        this.fail(valueStart, 'a character XML cannot hold');
      }
      const spans = this.attributeSpans;
      for (let other = 0; other < this.attributeCount * 5; other += 5) {
        const otherStart = spans[other] as number;
        if (
          (spans[other + 1] as number) - otherStart === nameEnd - nameStart &&
          sameName(text, otherStart, nameStart, nameEnd - nameStart)
        ) {
          this.fail(nameStart, `attribute ${text.slice(nameStart, nameEnd)} repeated in <${name}>`);
        }
      }
      const at = this.attributeCount * 5;
      spans[at] = nameStart;
      spans[at + 1] = nameEnd;
      spans[at + 2] = valueStart;
      spans[at + 3] = index;
      spans[at + 4] = flags;
      this.attributeCount++;
      index++;
    }
    this.tagText = text;
    // An entity that names no character is damage even where nobody asks for the value.
    for (let at = 0; at < this.attributeCount * 5; at += 5) {
      if ((this.attributeSpans[at + 4] as number) & HAS_AMPERSAND) this.valueAt(at);
    }
    if (this.open.length === 0) {
      if (this.rootClosed) this.fail(start, `a second root element <${name}>`);
      this.rootSeen = true;
    }
    if (selfClosing) {
      this.events.openTag(name, true);
      this.attributeCount = 0;
      this.events.closeTag(name);
      if (this.open.length === 0) this.rootClosed = true;
    } else {
      this.open.push(name);
      this.events.openTag(name, false);
    }
    return index;
  }

  /** `</name>`; -1 when the chunk ends inside it. */
  private endTag(text: string, start: number): number {
    const expected = this.open[this.open.length - 1];
    const nameEnd = start + 2 + (expected?.length ?? 0);
    // The usual case, `</expected>`, recognised without slicing the name.
    if (expected !== undefined && text.charCodeAt(nameEnd) === 62 && text.startsWith(expected, start + 2)) {
      this.open.pop();
      this.events.closeTag(expected);
      if (this.open.length === 0) this.rootClosed = true;
      return nameEnd + 1;
    }
    const gt = text.indexOf('>', start + 2);
    if (gt < 0) {
      if (text.indexOf('<', start + 1) >= 0)
        this.fail(start, `malformed end tag ${excerpt(text.slice(start))}`);
      return -1;
    }
    let end = gt;
    while (end > start + 2 && isSpace(text.charCodeAt(end - 1))) end--;
    const name = text.slice(start + 2, end);
    let valid = name.length > 0 && isNameStart(name.charCodeAt(0));
    for (let index = 1; valid && index < name.length; index++) valid = isNameChar(name.charCodeAt(index));
    if (!valid) this.fail(start, `malformed end tag ${excerpt(text.slice(start, gt + 1))}`);
    if (expected === undefined) this.fail(start, `end tag </${name}> with no open tag`);
    if (expected !== name) this.fail(start, `end tag </${name}> where </${expected}> was expected`);
    this.open.pop();
    this.events.closeTag(name);
    if (this.open.length === 0) this.rootClosed = true;
    return gt + 1;
  }

  /** A comment or a CDATA section (a DOCTYPE or anything else after "<!" is refused). */
  private declaration(text: string, start: number, final: boolean): number {
    if (text.startsWith('<!--', start)) {
      const close = text.indexOf('-->', start + 4);
      if (close < 0) return -1;
      const body = text.slice(start + 4, close);
      if (body.includes('--') || body.endsWith('-')) this.fail(start, '"--" inside a comment');
      return close + 3;
    }
    if (text.startsWith('<![CDATA[', start)) {
      const close = text.indexOf(']]>', start + 9);
      if (close < 0) return -1;
      if (this.open.length === 0) this.fail(start, 'CDATA outside the root element');
      let body = text.slice(start + 9, close);
      if (NOT_XML_CHARACTER.test(body)) this.fail(start, 'a character XML cannot hold');
      if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
      if (body.length > 0) this.events.text(body);
      return close + 3;
    }
    // Too short yet to tell "<!--" or "<![CDATA[" from something else.
    if (
      !final &&
      text.length - start < 9 &&
      ('<![CDATA['.startsWith(text.slice(start)) || '<!--'.startsWith(text.slice(start)))
    ) {
      return -1;
    }
    if (text.startsWith('<!DOCTYPE', start)) this.fail(start, 'a DOCTYPE, which no workbook part has');
    return this.fail(start, `malformed markup ${excerpt(text.slice(start))}`);
  }

  /** `<?target …?>`: the XML declaration (only first) or a processing instruction, skipped. */
  private instruction(text: string, start: number): number {
    const close = text.indexOf('?>', start + 2);
    if (close < 0) return -1;
    const body = text.slice(start + 2, close);
    let targetEnd = 0;
    while (targetEnd < body.length && isNameChar(body.charCodeAt(targetEnd))) targetEnd++;
    const target = body.slice(0, targetEnd);
    if (
      target === '' ||
      !isNameStart(target.charCodeAt(0)) ||
      (targetEnd < body.length && !isSpace(body.charCodeAt(targetEnd)))
    ) {
      this.fail(start, 'malformed processing instruction');
    }
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.consumed + start > 0)
        this.fail(start, 'an XML declaration that is not at the start');
      if (!XML_DECLARATION.test(body)) this.fail(start, `malformed XML declaration ${excerpt(body)}`);
    }
    return close + 2;
  }
}

/**
 * The name of a tag: the names a sheet or the shared strings repeat for every cell (`c`, `v`, `t`,
 * `row`, `si`) come back as constants, so that millions of tags do not each allocate their name.
 */
function tagName(text: string, start: number, end: number): string {
  const first = text.charCodeAt(start);
  switch (end - start) {
    case 1:
      if (first === 99) return 'c';
      if (first === 118) return 'v';
      if (first === 116) return 't';
      break;
    case 2:
      if (first === 115 && text.charCodeAt(start + 1) === 105) return 'si';
      break;
    case 3:
      if (first === 114 && text.charCodeAt(start + 1) === 111 && text.charCodeAt(start + 2) === 119)
        return 'row';
      break;
  }
  return text.slice(start, end);
}

/** `name` is at `start` of `text` (the caller has checked that it fits). */
function sameText(text: string, start: number, name: string): boolean {
  for (let index = 0; index < name.length; index++) {
    if (text.charCodeAt(start + index) !== name.charCodeAt(index)) return false;
  }
  return true;
}

/** The `length` characters at `a` and at `b` are the same (compared in place, nothing sliced). */
function sameName(text: string, a: number, b: number, length: number): boolean {
  for (let index = 0; index < length; index++) {
    if (text.charCodeAt(a + index) !== text.charCodeAt(b + index)) return false;
  }
  return true;
}

function excerpt(text: string): string {
  const line = text.slice(0, 40).replace(/\s+/g, ' ');
  return text.length > 40 ? `${line}…` : line;
}
