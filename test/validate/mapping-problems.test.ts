/**
 * Problems that come from the mapping, not from a cell (issue 16, point 4): a sheet without a Country
 * column makes every row invalid with the same problem. The rows still list it (they are invalid), but
 * it is marked `scope: "mapping"` and the summary counts it once, with the rows it touches and what to
 * do, so the problems of cells are not buried under 5,000 copies of it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openValidationReport,
  parseMapping,
  summarize,
  validateRows,
  type Cell,
  type ValidationReport,
} from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { collect, demoReference, sheetOf } from './helpers.ts';

const HEADERS = ['Claim #', 'Carrier', 'Adjuster', 'Email'];
const MAPPING = parseMapping(
  {
    version: 1,
    constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.state': 'Colorado' },
    subjects: [{ subject_type_id: 1 }],
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Carrier', target: 'client.name' },
      { column: 'Adjuster', target: 'contact.last_name' },
      { column: 'Email', target: 'contact.email' },
    ],
  },
  'no-country.json',
);
const rows: Cell[][] = Array.from({ length: 50 }, (_, index) => [
  `C-${index}`,
  'Acme',
  index === 7 ? '' : 'Doe',
  'a@b.example',
]);

describe('problems of the mapping', () => {
  it('are on every row they touch, marked scope "mapping", and counted once in the summary', async () => {
    const outcomes = await collect(
      validateRows(sheetOf(HEADERS, rows), MAPPING, { reference: demoReference() }),
    );
    expect(outcomes.every((outcome) => outcome.status === 'invalid')).toBe(true);
    expect(outcomes[0]!.problems).toEqual([
      expect.objectContaining({ code: 'invalid_state', column: 'constant client.state', scope: 'mapping' }),
      expect.objectContaining({ code: 'required_unmapped', target: 'client.country', scope: 'mapping' }),
    ]);
    // The one cell problem stays a cell problem.
    expect(outcomes[7]!.problems.filter((problem) => problem.scope === undefined)).toEqual([
      expect.objectContaining({ row: 9, code: 'required_blank', column: 'Adjuster' }),
    ]);
    const summary = summarize(outcomes);
    expect(summary.mappingProblems).toEqual([
      {
        code: 'invalid_state',
        column: 'constant client.state',
        target: 'client.state',
        message:
          "constant client.state 'Colorado' is not a 2-character state or province code (letters or digits) such as CO, ON or 75",
        rows: 50,
        firstRow: 2,
      },
      {
        code: 'required_unmapped',
        column: 'mapping',
        target: 'client.country',
        message:
          'Client country is required for a new case request and nothing in the mapping gives it: map a column to it, ' +
          'or set one client country for every row ("Same value on every row"; in a mapping file: "constants": { "client.country": … })',
        rows: 50,
        firstRow: 2,
      },
    ]);
  });

  it("the JSON report keeps every row's errors (marked) and lists each mapping problem once in its summary", async () => {
    const path = join(await tempDir(), 'report.json');
    const report = await openValidationReport(path, {
      file: 'f.csv',
      sheet: null,
      mode: 'create',
      headers: HEADERS,
    });
    const outcomes = await collect(validateRows(sheetOf(HEADERS, rows.slice(0, 3)), MAPPING));
    for (const outcome of outcomes) await report.add(outcome);
    await report.close(summarize(outcomes));
    const written = JSON.parse(await readFile(path, 'utf8')) as ValidationReport;
    expect(written.summary.mappingProblems?.map((problem) => [problem.target, problem.rows])).toEqual([
      ['client.state', 3],
      ['client.country', 3],
    ]);
    expect(written.rows[0]!.errors.map((error) => error.scope)).toEqual(['mapping', 'mapping']);
  });

  it("a reference constant the account lacks (another account's template) names the target as the account does, lists its values and says where to change it (explore 20 item 4)", async () => {
    const regions = 'Midwest, Mountain West, Northeast, Pacific Northwest, Southeast, Southwest';
    const where =
      'change the region to one of them, by name or id ("Same value on every row"; in a mapping file: "constants": { "case_region_id": … })';
    for (const [region, message] of [
      [
        77,
        `The constant Region '77' is not the id of one of the account's case regions, which are: ${regions}; ${where}`,
      ],
      ['Atlantis', `The constant Region 'Atlantis' is not one of the account's: ${regions}; ${where}`],
    ] as const) {
      const mapping = parseMapping(
        {
          ...MAPPING,
          constants: {
            ...MAPPING.constants,
            case_region_id: region,
            'client.state': 'CO',
            'client.country': 'US',
          },
        },
        'other-account.json',
      );
      const outcomes = await collect(
        validateRows(sheetOf(HEADERS, rows.slice(0, 2)), mapping, { reference: demoReference() }),
      );
      expect(summarize(outcomes).mappingProblems).toEqual([
        expect.objectContaining({
          column: 'constant case_region_id',
          target: 'case_region_id',
          message,
          rows: 2,
        }),
      ]);
    }
  });
});
