/**
 * A template against a file whose headers are spelt otherwise (test/fixtures/read/header-spellings.csv,
 * written by Python's csv module): a header that differs only in case is found when it is the only one,
 * and said so (the reader names a second "NOTES" "NOTES (2)", so "notes" is the first); a missing column names its closest header when one is clearly close; the file's headers
 * are listed once, not once per missing column.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileSource,
  MappingError,
  openSheet,
  parseMapping,
  validateRows,
  type RowOutcome,
} from '../../core/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { fixture } from '../read/helpers.ts';
import { tempDir } from '../report/helpers.ts';

const CONSTANTS = {
  case_type_id: 1,
  case_region_id: 1,
  created_on: '2026-11-02',
  'client.country': 'US',
  'contact.last_name': 'Doe',
};
const FITTING = {
  version: 1,
  mode: 'create',
  constants: CONSTANTS,
  columns: [
    { column: 'Claim Number', target: 'reference_value_1' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Emial', target: 'contact.email' },
  ],
};
const MISSING = {
  ...FITTING,
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Email', target: 'contact.email' },
  ],
};

async function outcomesOf(mapping: unknown): Promise<RowOutcome[]> {
  const sheet = await openSheet(fileSource(fixture('header-spellings.csv')));
  const outcomes: RowOutcome[] = [];
  for await (const outcome of validateRows(sheet, parseMapping(mapping, 'template.json')))
    outcomes.push(outcome);
  return outcomes;
}

describe('a template against headers spelt otherwise', () => {
  it("'Carrier' is the file's 'CARRIER', the only header that matches ignoring case", async () => {
    const [outcome] = await outcomesOf(FITTING);
    expect(outcome!.status).toBe('valid');
    expect(outcome!.body).toMatchObject({ client: { name: 'Acme Mutual' } });
  });

  it('missing columns name their closest header when one is clearly close; the headers are listed once', async () => {
    const error = await outcomesOf(MISSING).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MappingError);
    const problems = (error as MappingError).problems;
    const file = fixture('header-spellings.csv');
    expect(
      problems.map((problem) => [problem.path, problem.message.replaceAll(file, 'header-spellings.csv')]),
    ).toEqual([
      [
        'columns[0].column',
        "the column 'Claim #' is not in header-spellings.csv; the closest header is 'Claim Number': if that is the column, rename it in the mapping",
      ],
      [
        'columns[2].column',
        "the column 'Adjuster Email' is not in header-spellings.csv; the closest header is 'Adjuster Emial': if that is the column, rename it in the mapping",
      ],
      [
        '',
        'the headers of header-spellings.csv are: Claim Number, CARRIER, Adjuster Emial, Notes, NOTES (2). Rename each missing column in the mapping to one of these, or take it out of the mapping',
      ],
    ]);
    expect((error as Error).message.split('Claim Number, CARRIER')).toHaveLength(2);
  });

  it('validate says which column it matched ignoring case', async () => {
    const mapping = join(await tempDir(), 'template.json');
    await writeFile(mapping, JSON.stringify(FITTING));
    const run = await runCli(['validate', fixture('header-spellings.csv'), '--mapping', mapping]);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain(
      "the mapping's column 'Carrier' is 'CARRIER' in the file: matched ignoring case (the only header that matches so)",
    );
  });
});
