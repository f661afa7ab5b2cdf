/**
 * Numbers with more digits than a double holds (budget_money with `parse: "number"`, a NUMBER custom
 * field without it) are refused, naming the number that would have been sent, on a file Python's csv
 * module wrote (test/fixtures/read/make-fixtures.sh). Before, 12345678901234567.89 was sent as
 * 12345678901234568 and 9007199254740993 as 9007199254740992, and the rows were counted valid.
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
    { column: 'Budget', target: 'budget_money', parse: 'number' },
    { column: 'Hours', target: 'custom_fields.13' },
  ],
};

describe('numbers a double cannot hold', () => {
  it('import refuses them, naming the value and what would have been sent; 15 digits go exactly', async () => {
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'long-numbers-'));
      await writeFile(join(dir, 'long.csv'), await readFile(fixture('long-numbers.csv')));
      await writeFile(join(dir, 'long.json'), JSON.stringify(MAPPING));
      const run = await importCli(
        ['long.csv', '--mapping', 'long.json', '--json', '--rate', '100/s', '--results', 'results.json'],
        dir,
        connectionEnv(sandbox),
      );
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: 1, invalid: 2 });
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
        rows: { row: number; errors: { message: string }[] }[];
      };
      const messages = (row: number) =>
        results.rows.find((found) => found.row === row)?.errors.map((found) => found.message);
      const held = 'has more digits than a number sent to Trackops can hold (about 15): it would be sent as';
      expect(messages(2)).toEqual([
        `Budget '12345678901234567.89' ${held} 12345678901234568. Round it in the file to the digits you mean`,
        `Hours '9007199254740993' ${held} 9007199254740992. Round it in the file to the digits you mean`,
      ]);
      expect(messages(3)).toEqual([
        `Budget '$1,234,567,890,123,456.78' ${held} 1234567890123456.8. Round it in the file to the digits you mean`,
        `Hours '0.30000000000000004449' ${held} 0.30000000000000004. Round it in the file to the digits you mean`,
      ]);
      const stored = sandbox
        .account()
        .case_requests.filter((request) => String(request.reference_value_1).startsWith('PREC-'));
      expect(stored.map((request) => [request.reference_value_1, request.budget_money])).toEqual([
        ['PREC-3', 1234567890123.45],
      ]);
      expect(stored[0]!.custom_fields).toEqual([expect.objectContaining({ id: 13, value: 0.1 })]);
    } finally {
      await sandbox.close();
    }
  });
});
