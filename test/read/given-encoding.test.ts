/**
 * An encoding given (--encoding, the mapping's "source", the app's Advanced choice) that the file's own
 * bytes contradict: a UTF-16 "Unicode Text" file arriving under a template pinned to windows-1252, or
 * utf-16le given for a plain CSV. Read as given, the first was called "not a text file (it holds binary
 * data)" and the second refused for "no header row" quoting pages of CJK-looking characters; neither
 * said that the encoding given was the trouble. They are refused naming the encoding the bytes show.
 * So is a file that is UTF-8 throughout, accents and all, given another single-byte encoding than
 * Windows-1252 (whose rows that read as UTF-8 are named one by one): a template pinned to macintosh for
 * an old Mac file read this month's UTF-8 file as "Soci√©t√© G√©n√©rale", every row valid.
 * Fixtures: unicode-text-utf16le.txt, windows-1252-semicolon.csv and utf-8-bom-with-windows-1252-row.csv
 * (test/fixtures/read/README.md says how each was made).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesSource, fileSource, openSheet, SheetReadError } from '../../core/index.ts';
import { allRows, fixture } from './helpers.ts';

async function refusal(promise: Promise<unknown>): Promise<SheetReadError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SheetReadError);
  return error as SheetReadError;
}

const unicodeText = () => fileSource(fixture('unicode-text-utf16le.txt'));
/** The same UTF-16LE file as a program writes it without a byte-order mark. */
const unicodeTextWithoutBom = () =>
  bytesSource('no-bom.txt', readFileSync(fixture('unicode-text-utf16le.txt')).subarray(2));

describe('an encoding given that the file contradicts', () => {
  it.each(['windows-1252', 'utf-8', 'macintosh', 'utf-16be'])(
    'a UTF-16LE file with its byte-order mark, given %s, is refused naming UTF-16LE',
    async (given) => {
      const error = await refusal(openSheet(unicodeText(), { encoding: given }));
      expect(error.code).toBe('wrong_encoding');
      expect(error.message).toContain('unicode-text-utf16le.txt starts with a UTF-16LE byte-order mark');
      expect(error.message).toContain(`but the encoding given is ${given}`);
      expect(error.message).toContain('--encoding utf-16le');
      expect(error.message).not.toMatch(/binary|no header row/);
    },
  );

  it('a UTF-16LE file without a byte-order mark, given windows-1252, is refused by its zero bytes', async () => {
    const error = await refusal(openSheet(unicodeTextWithoutBom(), { encoding: 'windows-1252' }));
    expect(error.code).toBe('wrong_encoding');
    expect(error.message).toContain('no-bom.txt reads as UTF-16LE');
    expect(error.message).toContain('but the encoding given is windows-1252');
  });

  it('a file without a zero byte, given utf-16le, is refused: it cannot be UTF-16', async () => {
    const error = await refusal(
      openSheet(fileSource(fixture('windows-1252-semicolon.csv')), { encoding: 'utf-16le' }),
    );
    expect(error.code).toBe('wrong_encoding');
    expect(error.message).toMatch(/windows-1252-semicolon.csv cannot be UTF-16LE, the encoding given/);
    expect(error.message).toContain('remove "encoding"');
    expect(error.message.length).toBeLessThan(600);
  });

  it('a UTF-8 file with its byte-order mark, given utf-16be, is refused naming UTF-8', async () => {
    const error = await refusal(
      openSheet(fileSource(fixture('utf-8-bom-with-windows-1252-row.csv')), { encoding: 'utf-16be' }),
    );
    expect(error.code).toBe('wrong_encoding');
    expect(error.message).toContain('starts with a UTF-8 byte-order mark');
    expect(error.message).toContain('--encoding utf-8');
  });

  it('an encoding given that the bytes agree with reads as before', async () => {
    const given = await allRows(await openSheet(unicodeText(), { encoding: 'utf-16le' }));
    const detected = await allRows(await openSheet(unicodeText()));
    expect(given).toEqual(detected);
    expect(given.length).toBeGreaterThan(1);
    const withoutBom = await openSheet(unicodeTextWithoutBom(), { encoding: 'UTF-16LE' });
    expect(await allRows(withoutBom)).toEqual(detected);
    const windows = await openSheet(fileSource(fixture('windows-1252-semicolon.csv')), {
      encoding: 'latin1',
    });
    expect(windows.encoding).toBe('windows-1252');
    expect((await allRows(windows)).length).toBeGreaterThan(1);
  });

  it.each(['macintosh', 'iso-8859-2', 'windows-1250'])(
    'a file that is UTF-8 throughout, given %s, is refused: its accents would be garbled',
    async (given) => {
      const text = 'Claim #,Carrier\r\nC-1,Société Générale\r\nC-2,Acme\r\nC-3,Müller & Zoë\r\n';
      const utf8 = bytesSource('accents.csv', new TextEncoder().encode(text));
      const error = await refusal(openSheet(utf8, { encoding: given }));
      expect(error.code).toBe('wrong_encoding');
      expect(error.message).toContain(`accents.csv is UTF-8 throughout`);
      expect(error.message).toContain(`but the encoding given is ${given}`);
      expect(error.message).toContain('--encoding utf-8');
    },
  );

  it('a Mac OS Roman file given macintosh, and plain ASCII given any, read as before', async () => {
    const mac = await openSheet(fileSource(fixture('mac-roman.csv')), { encoding: 'macintosh' });
    expect((await allRows(mac)).length).toBeGreaterThan(0);
    const ascii = bytesSource('plain.csv', new TextEncoder().encode('Claim #,Carrier\r\nC-1,Acme\r\n'));
    expect((await allRows(await openSheet(ascii, { encoding: 'macintosh' }))).length).toBe(1);
  });
});
