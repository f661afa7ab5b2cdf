/**
 * The mirror of mixed-encoding.test.ts: a file read as Windows-1252 (most of its lines are) with a row
 * another program saved as UTF-8 (test/fixtures/read/windows-1252-with-utf-8-row.csv, Python's csv
 * module). Decoded as Windows-1252 that row reads "MÃ¼ller, ZoÃ«"; it is named, never counted valid
 * (explore 24).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  fileSource,
  openSheet,
  parseMapping,
  readingNotes,
  validateRows,
} from '../../core/index.ts';
import { allRows, chunkedSource, fixture } from './helpers.ts';

const FILE = 'windows-1252-with-utf-8-row.csv';

const mapping = parseMapping(
  {
    version: 1,
    mode: 'create',
    constants: {
      case_type_id: 1,
      case_region_id: 1,
      created_on: '2026-11-02',
      'client.country': 'US',
      'contact.last_name': 'Doe',
      'contact.email': 'doe@example.com',
    },
    columns: [
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Insured', target: 'client.name' },
      { column: 'City', target: 'client.city' },
      { column: 'Notes', target: 'notes' },
    ],
  },
  'm.json',
);

describe('Windows-1252 with a row that is UTF-8', () => {
  it('is read as Windows-1252; the UTF-8 row says which cells and how UTF-8 reads them', async () => {
    const sheet = await openSheet(fileSource(fixture(FILE)));
    expect(sheet.encoding).toBe('windows-1252');
    expect(sheet.encodingReason).toBe('mostly-windows-1252');
    const rows = await allRows(sheet);
    expect(rows.map((row) => row.cells[1])).toEqual([
      'MÃ¼ller, ZoÃ«',
      'Smith, Ann',
      'Núñez, José',
      'Ødegård, Åse',
    ]);
    expect(rows.filter((row) => row.looksUtf8).map((row) => row.row)).toEqual([2]);
    expect(rows[0]!.looksUtf8).toEqual([
      { column: 1, text: 'MÃ¼ller, ZoÃ«', utf8: 'Müller, Zoë' },
      { column: 2, text: 'ZÃ¼rich', utf8: 'Zürich' },
      { column: 3, text: 'cafÃ© at 5', utf8: 'café at 5' },
    ]);
    expect(readingNotes(sheet)).toEqual([
      expect.stringMatching(
        /windows-1252-with-utf-8-row\.csv was read as Windows-1252, a guess: most of it is Windows-1252 .* but some rows are UTF-8 \(each is named/,
      ),
    ]);
  });

  it('reads the same whatever the chunks the bytes arrive in', async () => {
    const bytes = await readFile(fixture(FILE));
    const whole = await allRows(await openSheet(bytesSource(FILE, bytes)));
    for (const sizes of [[1], [2, 3], [7, 1, 5]]) {
      expect(await allRows(await openSheet(chunkedSource(FILE, bytes, sizes)))).toEqual(whole);
    }
  });

  it('validation refuses the UTF-8 row, naming each cell, what UTF-8 reads and what to do', async () => {
    const outcomes = [];
    for await (const outcome of validateRows(await openSheet(fileSource(fixture(FILE))), mapping))
      outcomes.push(outcome);
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'invalid'],
      [3, 'valid'],
      [4, 'valid'],
      [5, 'valid'],
    ]);
    const named = outcomes[0]!.problems.filter((p) => p.code === 'looks_utf8');
    expect(named.map((p) => p.column)).toEqual(['Insured', 'City', 'Notes']);
    expect(named[0]!.message).toBe(
      "Insured 'MÃ¼ller, ZoÃ«' looks like UTF-8 ('Müller, Zoë') in a file read as Windows-1252: this row was saved in another encoding than the rest of the file (by another program), and no one encoding reads both; retype it, or save the whole file in one encoding (if all of it is UTF-8, read it as UTF-8)",
    );
  });

  it('given as windows-1252 (or latin1), the UTF-8 row is named all the same', async () => {
    for (const encoding of ['windows-1252', 'latin1']) {
      const sheet = await openSheet(fileSource(fixture(FILE)), { encoding });
      expect(sheet.encodingReason).toBe('given');
      const rows = await allRows(sheet);
      expect(rows.filter((row) => row.looksUtf8).map((row) => row.row)).toEqual([2]);
    }
  });

  it('files wholly in Windows-1252 or Mac OS Roman name no row: their accents are not UTF-8', async () => {
    for (const name of ['windows-1252-semicolon.csv', 'mac-roman.csv']) {
      const rows = await allRows(await openSheet(fileSource(fixture(name))));
      expect(
        rows.some((row) => row.looksUtf8 !== undefined),
        name,
      ).toBe(false);
    }
  });

  it('a row mixing a UTF-8-looking cell with a Windows-1252 one is Windows-1252, not named', async () => {
    // "Ã©" typed as such beside "José" written as one byte 0xE9: the row is one program's Windows-1252.
    const bytes = Buffer.concat([
      Buffer.from('Claim,Insured,City,Notes\r\nU-1,', 'latin1'),
      Buffer.from('Müller', 'utf8'),
      Buffer.from(',Cádiz,ok\r\nU-2,José,Lyon,\r\nU-3,Zoë,Nîmes,\r\n', 'latin1'),
    ]);
    const rows = await allRows(await openSheet(bytesSource('mixed-row.csv', bytes)));
    expect(rows[0]!.cells[1]).toBe('MÃ¼ller');
    expect(rows.some((row) => row.looksUtf8 !== undefined)).toBe(false);
  });
});
