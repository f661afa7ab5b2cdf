/**
 * A date column's day/month order as its own values prove it (core/validate/date-order.ts), on a file
 * Python's csv module wrote (test/fixtures/read/make-fixtures.sh): row 3's 13/04/2026 reads only
 * day-first, so Received's values that read both ways are refused, naming row 3, below it as they are
 * checked and above it once every row is in; Due, with nothing proving its order, is read as its format
 * says. Through core's public API, `validate` offline and connected, `import` against the sandbox (with
 * and without a plan), an inline fix and the app's dry run.
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
import type { DryRunSummary, GridRow } from '../../main/bridge/contract.ts';
import { startWebApp } from '../../main/web/web-app.ts';
import { callVerb } from '../app/http-bridge.ts';
import { connectionEnv, importCli, secretSandbox } from '../cli/import-helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from './helpers.ts';

const { created_on: _received, ...CONSTANTS } = REQUIRED_CONSTANTS;
const MAPPING_JSON = {
  version: 1,
  mode: 'create',
  constants: CONSTANTS,
  columns: [
    { column: 'Claim', target: 'reference_value_1' },
    { column: 'Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    { column: 'Due', target: 'due_on', dateFormat: 'MM/DD/YYYY' },
  ],
};
const MAPPING = parseMapping(MAPPING_JSON, 'day-first.json');
const ROW_2_DOUBT =
  "Received '03/04/2026' reads as March 4, 2026 by the mapping's M/D/YYYY, but row 3 has '13/04/2026', " +
  "which reads only day-first: check the column's order; if its dates are day-first, set the column's " +
  'date format to D/M/YYYY';

async function checked(dateOrder: DateOrderFindings): Promise<RowOutcome[]> {
  const sheet = await openSheet(fileSource(fixture('day-first-dates.csv')));
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(sheet, MAPPING, { dateOrder })) outcomes.push(outcome);
  return outcomes;
}

async function withMapping(mapping: object = MAPPING_JSON): Promise<{ dir: string; mapping: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'date-order-'));
  await writeFile(join(dir, 'day-first.csv'), await readFile(fixture('day-first-dates.csv')));
  await writeFile(join(dir, 'day-first.json'), JSON.stringify(mapping));
  return { dir, mapping: join(dir, 'day-first.json') };
}

describe('two-way dates in a column whose values prove the other order', () => {
  it('below the proof they are refused as they are checked; above it they are named once every row is in', async () => {
    const dateOrder = new DateOrderFindings();
    const outcomes = await checked(dateOrder);
    // As streamed: row 2 was checked before row 3 proved anything.
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'valid'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'valid'],
    ]);
    expect(outcomes[1]!.problems.map((problem) => problem.code)).toEqual(['date_order']);
    expect(outcomes[2]!.problems.map((problem) => [problem.code, problem.column, problem.value])).toEqual([
      ['date_order_doubt', 'Received', '12/11/2026'],
    ]);
    expect(dateOrder.found?.late).toEqual([
      expect.objectContaining({ label: 'Received', rows: [2], proof: { row: 3, value: '13/04/2026' } }),
    ]);
    // Whoever holds every row (the plan, the app) refuses row 2 too, as a copy in its place.
    const first = outcomes[0]!;
    expect(markLateDoubts(outcomes, dateOrder.found)).toEqual([0]);
    expect(outcomes[0]).not.toBe(first);
    expect(outcomes[0]).toMatchObject({ row: 2, status: 'invalid' });
    expect(outcomes[0]!.body).toBeUndefined();
    expect(outcomes[0]!.problems.map((problem) => problem.message)).toEqual([ROW_2_DOUBT]);
    // Marked once however many hold it; Due's 10/04/2026 (nothing proves its order) stands.
    expect(markLateDoubts(outcomes, dateOrder.found)).toEqual([]);
    expect(outcomes[3]!.body).toMatchObject({ created_on: '2026-04-03', due_on: '2026-10-04' });
  });

  it('a column with no row proving its order is read as its format says, with nothing to mark', async () => {
    const mapping = parseMapping(
      {
        ...MAPPING_JSON,
        constants: REQUIRED_CONSTANTS,
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Due', target: 'due_on', dateFormat: 'MM/DD/YYYY' },
        ],
      },
      'due-only.json',
    );
    const dateOrder = new DateOrderFindings();
    const sheet = await openSheet(fileSource(fixture('day-first-dates.csv')));
    const statuses: string[] = [];
    for await (const outcome of validateRows(sheet, mapping, { dateOrder })) statuses.push(outcome.status);
    expect(statuses).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(dateOrder.found).toBeNull();
  });

  it("an inline fix of another cell keeps the doubt once the pass's proofs are known", async () => {
    const sheet = await openSheet(fileSource(fixture('day-first-dates.csv')));
    const rechecker = rowRechecker(sheet, MAPPING);
    const fixed = () =>
      rechecker.recheck({ row: 2, cells: ['D-1 fixed', '03/04/2026', '2026-04-10'] }, () => undefined)[0]!;
    expect(fixed().status).toBe('valid');
    rechecker.knowDateOrder(new Map([['Received', { row: 3, value: '13/04/2026' }]]));
    expect(fixed().problems.map((problem) => problem.message)).toEqual([ROW_2_DOUBT]);
  });

  it('validate offline counts row 2 as it streamed it, and names it under the summary', async () => {
    const { dir, mapping } = await withMapping();
    const run = await runCli(['validate', join(dir, 'day-first.csv'), '--mapping', mapping, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
    expect(summary.dateOrderDoubts).toEqual([
      {
        column: 'Received',
        format: 'M/D/YYYY',
        swapped: 'D/M/YYYY',
        proofRow: 3,
        proofValue: '13/04/2026',
        rows: 1,
        firstRows: [2],
      },
    ]);
    const text = await runCli(['validate', join(dir, 'day-first.csv'), '--mapping', mapping]);
    expect(text.stdout).toContain(
      'Dates in doubt: Received: row 2 above row 3 holds a date that reads both ways and was read as M/D/YYYY, ' +
        'counted valid before row 3 ("13/04/2026") showed the column may be written D/M/YYYY; an import refuses it.',
    );
  });

  it('validate connected refuses row 2 with the others, and import sends only the row that reads one way', async () => {
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    try {
      const env = connectionEnv(sandbox);
      const { dir, mapping } = await withMapping();
      const validated = await runCli(
        ['validate', join(dir, 'day-first.csv'), '--mapping', mapping, '--json', '--rate', '100/s'],
        env,
      );
      const summary = JSON.parse(validated.stdout);
      expect(summary).toMatchObject({ rows: 4, valid: 1, invalid: 3 });
      expect(summary.dateOrderDoubts).toBeUndefined();

      const before = log.filter((entry) => entry.method === 'POST').length;
      const imported = await importCli(
        ['day-first.csv', '--mapping', mapping, '--json', '--rate', '100/s', '--results', 'results.csv'],
        dir,
        env,
      );
      expect(JSON.parse(imported.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        created: 1,
        invalid: 3,
      });
      // Duplicates allowed: nothing is planned, yet every row is checked before the first is sent.
      const allowing = await withMapping({ ...MAPPING_JSON, duplicates: 'create' });
      const again = await importCli(
        ['day-first.csv', '--mapping', allowing.mapping, '--json', '--rate', '100/s'],
        allowing.dir,
        env,
      );
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: 1, invalid: 3 });
      expect(log.filter((entry) => entry.method === 'POST').length - before).toBe(2);
      // The results name row 2's doubt as the dry run does.
      expect(await readFile(join(dir, 'results.csv'), 'utf8')).toContain('reads as March 4, 2026');
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("the app's dry run refuses row 2 once its pass is done, offline and connected", async () => {
    for (const profileId of [undefined, 'sandbox']) {
      const app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
      try {
        const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
          name: 'day-first-dates.csv',
          bytesBase64: (await readFile(fixture('day-first-dates.csv'))).toString('base64'),
        });
        await callVerb(app, 'previewSheet', { sourceId: source.sourceId });
        const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
          sourceId: source.sourceId,
          ...(profileId ? { profileId } : {}),
          mapping: MAPPING_JSON,
        });
        let page: { summary: DryRunSummary; rows: GridRow[] };
        do {
          await new Promise((resolve) => setTimeout(resolve, 50));
          page = await callVerb(app, 'dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
        } while (page.summary.state === 'running');
        expect(page.summary).toMatchObject({ state: 'done', rows: 4, valid: 1, invalid: 3 });
        expect(JSON.stringify(page.rows[0])).toContain('reads as March 4, 2026');
      } finally {
        await app.close();
      }
    }
  }, 60_000);
});

describe('dates without separators whose parts can split two ways', () => {
  it('a value with two real readings is refused naming both; one that splits one way is read and proves no order', async () => {
    const mapping = parseMapping(
      {
        ...MAPPING_JSON,
        constants: REQUIRED_CONSTANTS,
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Received', target: 'due_on', dateFormat: 'MMDDYYYY' },
        ],
      },
      'no-separator.json',
    );
    const dateOrder = new DateOrderFindings();
    const sheet = await openSheet(fileSource(fixture('no-separator-dates.csv')));
    const outcomes: RowOutcome[] = [];
    for await (const outcome of validateRows(sheet, mapping, { dateOrder })) outcomes.push(outcome);
    // Before: 1052026 went in as October 5; 3042026 was "no month 30 … set DDMMYYYY" and put 04052026 in doubt.
    expect(outcomes[0]).toMatchObject({ row: 2, status: 'invalid' });
    expect(outcomes[0]!.problems.map((problem) => [problem.code, problem.message])).toEqual([
      [
        'ambiguous_date',
        "Received '1052026' could be January 5, 2026 or October 5, 2026: in MMDDYYYY a day or month without " +
          'a separator may have one digit or two (Excel drops the leading zero of a date typed as a number), and ' +
          'nothing in the value says which. Type the date with separators or as YYYY-MM-DD (in Excel, format ' +
          'the column as Text first so the zero stays)',
      ],
    ]);
    expect(outcomes.slice(1).map((outcome) => [outcome.row, outcome.status, outcome.body?.due_on])).toEqual([
      [3, 'valid', '2026-03-04'],
      [4, 'valid', '2026-12-25'],
      [5, 'valid', '2026-04-05'],
    ]);
    expect(dateOrder.found).toBeNull();
  });
});
