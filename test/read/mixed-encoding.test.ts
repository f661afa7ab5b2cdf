/**
 * A UTF-8 file with one row appended in Windows-1252 (test/fixtures/read/utf-8-with-windows-1252-row.csv,
 * made by Python's csv module): read as UTF-8, the foreign row named, never the whole file decoded as
 * Windows-1252 ("SÃ©an", "cafÃ©" on every other row).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bytesSource, fileSource, openSheet, parseMapping, validateRows } from '../../core/index.ts';
import { allRows, chunkedSource, fixture } from './helpers.ts';

const FILE = 'utf-8-with-windows-1252-row.csv';

describe('UTF-8 with a few lines that are not', () => {
  it('is read as UTF-8: the UTF-8 rows keep their accents, the foreign row says where its bytes are', async () => {
    const sheet = await openSheet(fileSource(fixture(FILE)));
    expect(sheet.encoding).toBe('utf-8');
    const rows = await allRows(sheet);
    expect(rows.map((row) => row.cells[1])).toEqual([
      'Müller, Jörg',
      'Séan Ó Brien',
      'Zoë Ångström',
      'Nguyễn Văn',
      'Ana Peña',
      'Ren\uFFFDe Dupont',
      'Jürgen Groß',
    ]);
    expect(rows.filter((row) => row.notUtf8).map((row) => row.row)).toEqual([7]);
    expect(rows[5]!.notUtf8).toEqual([
      { column: 1, byte: 0xe9, position: 4, text: 'Ren\uFFFDe Dupont' },
      { column: 2, byte: 0xe7, position: 6, text: 'Besan\uFFFDon' },
      { column: 3, byte: 0x96, position: 15, text: 'added by hand \uFFFD caf\uFFFD' },
    ]);
  });

  it('reads the same whatever the chunks the bytes arrive in (a character or a bad byte split across reads)', async () => {
    const bytes = await readFile(fixture(FILE));
    const whole = await allRows(await openSheet(bytesSource(FILE, bytes)));
    for (const sizes of [[1], [2, 3], [7, 1, 5]]) {
      expect(await allRows(await openSheet(chunkedSource(FILE, bytes, sizes)))).toEqual(whole);
    }
  });

  it('a file mostly in Windows-1252 is still read as Windows-1252', async () => {
    const sheet = await openSheet(fileSource(fixture('windows-1252-semicolon.csv')));
    expect(sheet.encoding).toBe('windows-1252');
    expect((await allRows(sheet))[0]!.cells[1]).toBe('Frédéric Müller');
  });

  it('validation refuses the foreign row, naming the column, the byte and the encoding', async () => {
    const mapping = parseMapping(
      {
        version: 1,
        mode: 'create',
        constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Insured', target: 'client.name' },
          { column: 'City', target: 'client.city' },
          { column: 'Notes', target: 'notes' },
        ],
      },
      'm.json',
    );
    const sheet = await openSheet(fileSource(fixture(FILE)));
    const outcomes = [];
    for await (const outcome of validateRows(sheet, mapping)) outcomes.push(outcome);
    const notUtf8 = outcomes.flatMap((outcome) => outcome.problems.filter((p) => p.code === 'not_utf8'));
    expect(notUtf8.map((p) => [p.row, p.column])).toEqual([
      [7, 'Insured'],
      [7, 'City'],
      [7, 'Notes'],
    ]);
    expect(notUtf8[0]!.message).toBe(
      'Insured \'Ren\uFFFDe Dupont\' is not UTF-8 (byte 0xE9 at character 4), though the rest of the file is: this row was saved in another encoding (probably Windows-1252, by another program); retype it, or save the whole file as UTF-8 (in Excel: "CSV UTF-8")',
    );
    expect(outcomes.find((outcome) => outcome.row === 7)!.status).toBe('invalid');
  });

  describe('a UTF-8 file with a BOM and a row that is not UTF-8 (printf and iconv)', () => {
    const BOM_FILE = 'utf-8-bom-with-windows-1252-row.csv';

    it('names the row, as without a BOM, instead of reading its bytes as "\uFFFD"', async () => {
      const sheet = await openSheet(fileSource(fixture(BOM_FILE)));
      expect(sheet.encoding).toBe('utf-8');
      expect(sheet.encodingReason).toBe('bom');
      expect(sheet.headers).toEqual(['Claim', 'Insured', 'City', 'Notes']);
      const rows = await allRows(sheet);
      expect(rows.map((row) => row.cells[1])).toEqual(['Müller', 'Ren\uFFFDe Dupont', 'Ana Peña']);
      expect(rows.filter((row) => row.notUtf8).map((row) => row.row)).toEqual([3]);
      expect(rows[1]!.notUtf8).toEqual([
        { column: 1, byte: 0xe9, position: 4, text: 'Ren\uFFFDe Dupont' },
        { column: 2, byte: 0xe7, position: 6, text: 'Besan\uFFFDon' },
      ]);
    });

    it('drops the BOM however the first bytes are cut into chunks', async () => {
      const bytes = await readFile(fixture(BOM_FILE));
      const whole = await allRows(await openSheet(bytesSource(BOM_FILE, bytes)));
      for (const sizes of [[1], [2, 3], [7, 1, 5]]) {
        const sheet = await openSheet(chunkedSource(BOM_FILE, bytes, sizes));
        expect(sheet.headers[0]).toBe('Claim');
        expect(await allRows(sheet)).toEqual(whole);
      }
    });

    it('names the row too when the file is said to be UTF-8 (--encoding utf-8)', async () => {
      const bytes = await readFile(fixture(FILE));
      const rows = await allRows(await openSheet(bytesSource(FILE, bytes), { encoding: 'UTF8' }));
      expect(rows.filter((row) => row.notUtf8).map((row) => row.row)).toEqual([7]);
    });

    it('validation refuses the row, naming its column, the byte and what to do', async () => {
      const mapping = parseMapping(
        {
          version: 1,
          mode: 'create',
          constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
          columns: [
            { column: 'Claim', target: 'reference_value_1' },
            { column: 'Insured', target: 'client.name' },
            { column: 'City', target: 'client.city' },
          ],
        },
        'm.json',
      );
      const outcomes = [];
      for await (const outcome of validateRows(await openSheet(fileSource(fixture(BOM_FILE))), mapping))
        outcomes.push(outcome);
      const notUtf8 = outcomes.flatMap((outcome) => outcome.problems.filter((p) => p.code === 'not_utf8'));
      expect(notUtf8.map((p) => [p.row, p.column])).toEqual([
        [3, 'Insured'],
        [3, 'City'],
      ]);
      expect(notUtf8[1]!.message).toBe(
        'City \'Besan\uFFFDon\' is not UTF-8 (byte 0xE7 at character 6), though the rest of the file is: this row was saved in another encoding (probably Windows-1252, by another program); retype it, or save the whole file as UTF-8 (in Excel: "CSV UTF-8")',
      );
      expect(outcomes.find((outcome) => outcome.row === 3)!.status).toBe('invalid');
    });
  });
});
