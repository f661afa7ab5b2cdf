/**
 * Where a JSON text stops being JSON, as "line L, column C: reason". JSON.parse's own message has no
 * position on every Node version, and a clerk editing a template needs to know where to look. Also a key
 * written twice in one object (a second "target" line added by hand instead of the first changed):
 * JSON.parse keeps the last without a word, so the text is refused naming both places.
 */
export function jsonSyntaxError(text: string): string | null {
  let at = 0;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const fail = (reason: string): never => {
    throw new SyntaxAt(at, handAdded(text, at) ?? reason);
  };
  const space = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at += 1;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail('unexpected text');
  };
  const string = (): void => {
    at += 1;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === '\\') at += 1;
      else if (text.charCodeAt(at) < 0x20) fail('line break inside a string');
      at += 1;
    }
    if (at >= text.length) fail('a string is not closed with "');
    at += 1;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at += 1;
      space();
      if (text[at] === '}') return void (at += 1);
      let afterComma = false;
      const keys = new Map<string, number>();
      for (;;) {
        space();
        if (text[at] !== '"') fail(keyMissing(text[at], afterComma, '}'));
        const start = at;
        string();
        const key = keyText(text.slice(start, at));
        const first = keys.get(key);
        if (first !== undefined) {
          at = start;
          fail(
            `the key ${JSON.stringify(key)} is written twice in one object (first on line ${lineOf(first)}), and only the last would be read: delete the one you do not mean`,
          );
        }
        keys.set(key, start);
        space();
        if (text[at] !== ':') fail('expected : after the key');
        at += 1;
        value();
        space();
        if (text[at] === ',') {
          at += 1;
          afterComma = true;
        } else if (text[at] === '}') return void (at += 1);
        else fail('expected , or }');
      }
    }
    if (char === '[') {
      at += 1;
      space();
      if (text[at] === ']') return void (at += 1);
      for (let first = true; ; first = false) {
        space();
        if (!first && (text[at] === ',' || text[at] === ']')) fail(keyMissing(text[at], true, ']'));
        value();
        space();
        if (text[at] === ',') at += 1;
        else if (text[at] === ']') return void (at += 1);
        else fail('expected , or ]');
      }
    }
    if (char === '"') return string();
    if (char === "'") fail('text takes double quotes ("text"), not single ones');
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 40));
    if (number) return void (at += number[0].length);
    fail(at >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(char)}`);
  };
  try {
    value();
    space();
    if (at < text.length) fail('unexpected text after the end');
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxAt)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column}: ${error.reason}`;
  }
}

/** A key's text as JSON reads it (escapes decoded), or as written when its escapes are not JSON's. */
function keyText(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted;
  }
}

/**
 * What people add to JSON by hand, never valid anywhere outside a string: a comment (JSON has none,
 * though editors and other tools' settings files allow them), or the typographic quotes a word processor
 * or an e-mail puts in place of straight ones. Said as what it is, with what to do.
 */
function handAdded(text: string, at: number): string | null {
  if (text.startsWith('//', at))
    return 'a comment: JSON has no comments; delete it, from // to the end of the line';
  if (text.startsWith('/*', at)) return 'a comment: JSON has no comments; delete it, from /* to */';
  const char = text[at];
  if (char !== undefined && '\u201C\u201D\u201E\u201F\u2018\u2019\u201A\u201B'.includes(char))
    return `${char} is a typographic quote (a word processor or e-mail puts them in): JSON takes straight double quotes ("); type " in its place`;
  return null;
}

/**
 * What stands where a key (or, in a list, a value) belongs: a second comma, a comma before the closing
 * bracket, or something else. Said as what to do (explore 20: a doubled comma was called a trailing one).
 */
function keyMissing(found: string | undefined, afterComma: boolean, close: '}' | ']'): string {
  if (afterComma && found === ',') return 'two commas in a row: delete one';
  if (afterComma && found === close)
    return `a comma before ${close}: delete it (JSON allows no trailing comma)`;
  if (close === ']') return 'expected a value';
  return found === "'" ? 'a key takes double quotes ("key"), not single ones' : 'expected a "quoted" key';
}

class SyntaxAt extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
