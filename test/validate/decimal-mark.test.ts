/**
 * A number column's decimal mark as its own values prove it (core/validate/decimal-mark.ts), on a file
 * Python's csv module wrote (test/fixtures/read/make-fixtures.sh): the template says Budget is written
 * with "." as the decimal point, and row 4's 1500,00 reads only with a decimal comma, so Budget's values
 * that read both ways (1.500, 2.000) are refused, naming row 4, below it as they are checked and above
 * it once every row is in; Hours, with nothing proving its mark, is read as its format says. Through
 * core's public API, `validate` offline, and `import` against the sandbox (with and without a plan).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DateOrderFindings,
  fileSource,
  markLateDoubts,
  openSheet,
  parseMapping,
  rowRechecker,
  validateRows,
  type RowOutcome,
} from '../../core/index.ts';
import { connectionEnv, importCli, secretSandbox } from '../cli/import-helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from './helpers.ts';

const MAPPING_JSON = {
  version: 1,
  mode: 'create',
  constants: REQUIRED_CONSTANTS,
  columns: [
    { column: 'Claim', target: 'reference_value_1' },
    { column: 'Budget', target: 'budget_money', parse: 'number', decimal: '.' },
    { column: 'Hours', target: 'budget_hours', decimal: '.' },
  ],
};
const MAPPING = parseMapping(MAPPING_JSON, 'us-budgets.json');
const ROW_2_DOUBT =
  `Budget '1.500' reads as 1.5 by the mapping's decimal ".", but row 4 has '1500,00', which reads only ` +
  `with "," as the decimal point: check the column's numbers; if "," is their decimal point, set ` +
  `"decimal": "," (or a "locale") on the column in the mapping, and '1.500' reads as 1500`;

async function checked(findings: DateOrderFindings): Promise<RowOutcome[]> {
  const sheet = await openSheet(fileSource(fixture('decimal-comma-budgets.csv')));
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(sheet, MAPPING, { dateOrder: findings })) outcomes.push(outcome);
  return outcomes;
}

async function withMapping(mapping: object = MAPPING_JSON): Promise<{ dir: string; mapping: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'decimal-mark-'));
  await writeFile(join(dir, 'budgets.csv'), await readFile(fixture('decimal-comma-budgets.csv')));
  await writeFile(join(dir, 'us-budgets.json'), JSON.stringify(mapping));
  return { dir, mapping: join(dir, 'us-budgets.json') };
}

describe('two-way numbers in a column whose values prove the other decimal mark', () => {
  it('below the proof they are refused as they are checked; above it they are named once every row is in', async () => {
    const findings = new DateOrderFindings();
    const outcomes = await checked(findings);
    // As streamed: row 2 was checked before row 4 proved anything.
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'valid'],
    ]);
    expect(outcomes[2]!.problems.map((problem) => problem.code)).toEqual(['number_separator_mismatch']);
    expect(outcomes[3]!.problems.map((problem) => [problem.code, problem.column, problem.value])).toEqual([
      ['decimal_mark_doubt', 'Budget', '2.000'],
    ]);
    expect(findings.found?.late).toEqual([
      expect.objectContaining({ label: 'Budget', rows: [2], proof: { row: 4, value: '1500,00' } }),
    ]);
    // Whoever holds every row (the plan, the app) refuses row 2 too.
    expect(markLateDoubts(outcomes, findings.found)).toEqual([0]);
    expect(outcomes[0]).toMatchObject({ row: 2, status: 'invalid' });
    expect(outcomes[0]!.body).toBeUndefined();
    expect(outcomes[0]!.problems.map((problem) => problem.message)).toEqual([ROW_2_DOUBT]);
    expect(markLateDoubts(outcomes, findings.found)).toEqual([]);
    // 12.50 and 1500 read one way only; Hours' 1.250 (nothing proves its mark) stands as 1.25.
    expect(outcomes[1]!.body).toMatchObject({ budget_money: 12.5, budget_hours: 2 });
    expect(outcomes[4]!.body).toMatchObject({ budget_money: 1500, budget_hours: 4 });
  });

  it('a column with no row proving its mark is read as its format says', async () => {
    const mapping = parseMapping(
      { ...MAPPING_JSON, columns: [MAPPING_JSON.columns[0], MAPPING_JSON.columns[2]] },
      'hours-only.json',
    );
    const findings = new DateOrderFindings();
    const sheet = await openSheet(fileSource(fixture('decimal-comma-budgets.csv')));
    const hours: unknown[] = [];
    for await (const outcome of validateRows(sheet, mapping, { dateOrder: findings }))
      hours.push((outcome.body as { budget_hours?: number } | undefined)?.budget_hours);
    expect(hours).toEqual([1.25, 2, 3.5, 1, 4]);
    expect(findings.found).toBeNull();
  });

  it("an inline fix of another cell keeps the doubt once the pass's proofs are known", async () => {
    const sheet = await openSheet(fileSource(fixture('decimal-comma-budgets.csv')));
    const rechecker = rowRechecker(sheet, MAPPING);
    const fixed = () =>
      rechecker.recheck({ row: 2, cells: ['E-1 fixed', '1.500', '2'] }, () => undefined)[0]!;
    expect(fixed().status).toBe('valid');
    rechecker.knowDateOrder(new Map([['Budget', { row: 4, value: '1500,00' }]]));
    expect(fixed().problems.map((problem) => problem.message)).toEqual([ROW_2_DOUBT]);
  });

  it('validate offline counts row 2 as it streamed it, and names it under the summary', async () => {
    const { dir, mapping } = await withMapping();
    const run = await runCli(['validate', join(dir, 'budgets.csv'), '--mapping', mapping, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 5, valid: 3, invalid: 2 });
    expect(summary.decimalMarkDoubts).toEqual([
      {
        column: 'Budget',
        format: 'decimal "."',
        swapped: 'decimal ","',
        proofRow: 4,
        proofValue: '1500,00',
        rows: 1,
        firstRows: [2],
      },
    ]);
    expect(summary.dateOrderDoubts).toBeUndefined();
    const text = await runCli(['validate', join(dir, 'budgets.csv'), '--mapping', mapping]);
    expect(text.stdout).toContain(
      'Numbers in doubt: Budget: row 2 above row 4 holds a number that reads both ways and was read by ' +
        `the mapping's decimal ".", counted valid before row 4 ("1500,00") showed the column may be written ` +
        'with decimal ","; an import refuses it.',
    );
  });

  it('import sends only the rows that read one way, with and without a plan', async () => {
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    try {
      const env = connectionEnv(sandbox);
      const { dir, mapping } = await withMapping();
      const imported = await importCli(
        ['budgets.csv', '--mapping', mapping, '--json', '--rate', '100/s', '--results', 'results.csv'],
        dir,
        env,
      );
      expect(JSON.parse(imported.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        created: 2,
        invalid: 3,
      });
      const budgets = sandbox
        .account()
        .case_requests.filter((request) => request.reference_value_1?.startsWith('E-'))
        .map((request) => [request.reference_value_1, Number(request.budget_money)]);
      expect(budgets).toEqual([
        ['E-2', 12.5],
        ['E-5', 1500],
      ]);
      expect(await readFile(join(dir, 'results.csv'), 'utf8')).toContain("and '1.500' reads as 1500");
      // Duplicates allowed: nothing is planned, yet every row is checked before the first is sent.
      const before = log.filter((entry) => entry.method === 'POST').length;
      const allowing = await withMapping({ ...MAPPING_JSON, duplicates: 'create' });
      const again = await importCli(
        ['budgets.csv', '--mapping', allowing.mapping, '--json', '--rate', '100/s'],
        allowing.dir,
        env,
      );
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: 2, invalid: 3 });
      expect(log.filter((entry) => entry.method === 'POST').length - before).toBe(2);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
