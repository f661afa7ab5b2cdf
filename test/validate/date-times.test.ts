/**
 * A date with a time of day under a date-only target (every date the API takes: created_on, due_on,
 * DATE and BIRTHDAY fields). Before, "11/3/2026 2:30 PM" was refused as "not a date in the form
 * M/D/YYYY", while ISO text and a typed date-time cell lost the time without a word. The rule: the date
 * is imported and the row says that the time was not kept (RowOutcome.notes), in the report and the
 * import's results; midnight written out loses nothing and is not noted.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openValidationReport,
  parseMapping,
  tallyDryRun,
  validateRows,
  type Cell,
  type ResultsJson,
} from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess } from '../batch/helpers.ts';
import { collect, REQUIRED_CONSTANTS, sheetOf } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const { created_on: _created, ...CONSTANTS } = REQUIRED_CONSTANTS;
const mapping = parseMapping(
  {
    version: 1,
    constants: CONSTANTS,
    columns: [
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    ],
  },
  'm.json',
);
const dateTime = (value: string): Cell => ({ type: 'datetime', dateTime: value });

async function outcomesOf(received: Cell[]) {
  const sheet = sheetOf(
    ['Claim', 'Received'],
    received.map((cell, index) => [`T-${index + 1}`, cell]),
  );
  return collect(validateRows(sheet, mapping));
}

describe('a date given with a time of day, to a date-only target', () => {
  it('imports the date and notes, on the row, that the time is not kept: text in the column format, ISO text, a typed date-time', async () => {
    const outcomes = await outcomesOf([
      '11/3/2026 2:30 PM',
      '2026-11-03T14:30',
      dateTime('2026-11-03T14:30:00'),
    ]);
    expect(
      outcomes.map((outcome) => [
        outcome.status,
        outcome.problems,
        (outcome.body as { created_on?: string }).created_on,
      ]),
    ).toEqual([
      ['valid', [], '2026-11-03'],
      ['valid', [], '2026-11-03'],
      ['valid', [], '2026-11-03'],
    ]);
    expect(outcomes[0]!.notes).toEqual([
      {
        row: 2,
        column: 'Received',
        target: 'created_on',
        value: '11/3/2026 2:30 PM',
        code: 'time_not_kept',
        message:
          "Received '11/3/2026 2:30 PM' has a time of day (2:30 PM); date received takes a date only, so 2026-11-03 is imported and the time is not kept",
      },
    ]);
    expect(outcomes[1]!.notes?.map((note) => note.value)).toEqual(['2026-11-03T14:30']);
    expect(outcomes[2]!.notes?.map((note) => note.message)).toEqual([
      "Received '2026-11-03T14:30:00' has a time of day (14:30:00); date received takes a date only, so 2026-11-03 is imported and the time is not kept",
    ]);
  });

  it('midnight written out loses nothing: imported without a note; a plain date has none either', async () => {
    const outcomes = await outcomesOf([
      '11/3/2026 0:00',
      '11/3/2026 12:00 AM',
      dateTime('2026-11-03T00:00:00'),
      '11/3/2026',
    ]);
    expect(outcomes.map((outcome) => [outcome.status, outcome.notes])).toEqual([
      ['valid', undefined],
      ['valid', undefined],
      ['valid', undefined],
      ['valid', undefined],
    ]);
  });

  it('the validation report says it: the row\'s notes in .json, "note:" in .csv\'s _errors, the rows noted in the summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'date-times-report-'));
    const sheet = sheetOf(
      ['Claim', 'Received'],
      [
        ['T-1', '11/3/2026 2:30 PM'],
        ['T-2', '11/4/2026'],
      ],
    );
    for (const extension of ['json', 'csv']) {
      const path = join(dir, `report.${extension}`);
      const report = await openValidationReport(path, {
        file: sheet.fileName,
        sheet: null,
        mode: 'create',
        headers: sheet.headers,
      });
      const { summary } = await tallyDryRun(validateRows(sheet, mapping), { report });
      expect(summary).toMatchObject({ valid: 2, invalid: 0, notedRows: 1 });
      const text = await readFile(path, 'utf8');
      if (extension === 'json') {
        const rows = (JSON.parse(text) as { rows: { notes?: { code: string }[] }[] }).rows;
        expect(rows.map((row) => row.notes?.map((note) => note.code))).toEqual([
          ['time_not_kept'],
          undefined,
        ]);
      } else {
        expect(text.split('\r\n')[1]).toBe(
          `T-1,11/3/2026 2:30 PM,valid,"note: Received '11/3/2026 2:30 PM' has a time of day (2:30 PM); date received takes a date only, so 2026-11-03 is imported and the time is not kept"`,
        );
      }
    }
  });

  it('a date that is wrong is still refused, with or without a time', async () => {
    const outcomes = await outcomesOf(['13/3/2026 2:30 PM', '11/3/2026 soon']);
    expect(outcomes.map((outcome) => outcome.problems.map((problem) => problem.code))).toEqual([
      ['date_order'],
      ['invalid_date'],
    ]);
  });

  it("import: the row is created with the date, and its result carries the note (Python's csv file, sandbox over HTTP)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'date-times-'));
    const file = join(dir, 'received.csv');
    runPython(
      'import csv,sys\nw=csv.writer(open(sys.argv[1],"w",newline=""))\nw.writerows([["Claim","Received"],["DT-1","11/3/2026 2:30 PM"],["DT-2","11/4/2026"]])',
      [file],
    );
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    try {
      const results = join(dir, 'results.json');
      const summary = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'journal.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ created: 2, invalid: 0, failed: 0 });
      const written = JSON.parse(await readFile(results, 'utf8')) as ResultsJson;
      expect(written.rows.map((row) => [row.row, row.status, row.notes?.map((note) => note.code)])).toEqual([
        [2, 'created', ['time_not_kept']],
        [3, 'created', undefined],
      ]);
      const stored = sandbox
        .account()
        .case_requests.filter((request) => request.reference_value_1?.startsWith('DT-'))
        .map((request) => [request.reference_value_1, request.created_on]);
      expect(stored).toEqual([
        ['DT-1', '2026-11-03'],
        ['DT-2', '2026-11-04'],
      ]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
