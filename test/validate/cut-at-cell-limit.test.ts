/**
 * A text a spreadsheet cut to its cell limit (explore 11 item 5): a CSV row of 40,000 characters saved
 * as .xlsx by LibreOffice holds 32,767 of them (test/fixtures/read/make-fixtures.sh). Before, the row
 * was valid and its cut text sent, the rest lost without a word; now a text cell of 32,767 characters
 * (32,766 where the cut would split an emoji) refuses its row, naming the cell and what to do. The CLI against the sandbox over HTTP.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionEnv, importCli, secretSandbox } from '../cli/import-helpers.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from './helpers.ts';

const MAPPING = {
  version: 1,
  mode: 'create',
  constants: REQUIRED_CONSTANTS,
  columns: [
    { column: 'Claim', target: 'reference_value_1' },
    { column: 'Insured', target: 'contact.last_name' },
    { column: 'Instructions', target: 'notes' },
  ],
};

describe('a text cut to the spreadsheet cell limit', () => {
  it('refuses its row, naming the cell; the other rows are sent', async () => {
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'cell-limit-'));
      await writeFile(join(dir, 'cut.xlsx'), await readFile(fixture('cut-at-cell-limit.xlsx')));
      await writeFile(join(dir, 'cut.json'), JSON.stringify(MAPPING));
      const run = await importCli(
        ['cut.xlsx', '--mapping', 'cut.json', '--json', '--rate', '100/s', '--results', 'results.json'],
        dir,
        connectionEnv(sandbox),
      );
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: 1, invalid: 2 });
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
        rows: { row: number; errors: { column: string; message: string }[] }[];
      };
      const refused = results.rows.find((found) => found.row === 3)!;
      expect(refused.errors.map((found) => [found.column, found.message])).toEqual([
        [
          'Instructions',
          'holds 32,767 characters, what an Excel or LibreOffice cell keeps of a longer text when the file is saved ' +
            '(32,767, one less where an emoji would be split): the rest is most likely not in this file, so this row is not sent. ' +
            'Import this text from a file that holds it whole (the CSV it came from), or leave the cell empty and enter the text in Trackops',
        ],
      ]);
      // An emoji across the limit: LibreOffice kept 32,766 units rather than split it.
      const emoji = results.rows.find((found) => found.row === 4)!;
      expect(emoji.errors.map((found) => found.message.slice(0, 22))).toEqual(['holds 32,766 character']);
      for (const claim of ['L-2', 'L-3'])
        expect(sandbox.account().case_requests.some((request) => request.reference_value_1 === claim)).toBe(
          false,
        );
    } finally {
      await sandbox.close();
    }
  });
});
