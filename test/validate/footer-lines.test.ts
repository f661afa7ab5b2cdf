/**
 * A total or footer line at the end of a claims system's export ("Total: 2", "Exported by ClaimCenter
 * …", under a blank row; test/fixtures/read/footer-lines.csv, written by Python's csv module): `map`
 * proposes skip rules for both, and under a template without them each is named as what it is, once,
 * instead of as the required fields it lacks. A row of data is never called a footer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, parseMapping, validateRows } from '../../core/index.ts';
import { footerLine } from '../../core/validate/footer-lines.ts';
import { fixture } from '../read/helpers.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { collect, demoReference } from './helpers.ts';

const MAPPING = {
  version: 1,
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-01-02',
    'client.name': 'Acme',
    'client.country': 'US',
    'contact.email': 'roe@acme.example',
  },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Insured', target: 'contact.last_name' },
    { column: 'Region', target: 'notes' },
  ],
};

describe('footer lines of an export', () => {
  it('under a template without skip rules: each is one problem saying what it looks like', async () => {
    const sheet = await openSheet(fileSource(fixture('footer-lines.csv')));
    const outcomes = await collect(
      validateRows(sheet, parseMapping(MAPPING, 'm.json'), { reference: demoReference() }),
    );
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [5, 'invalid'],
      [6, 'invalid'],
    ]);
    expect(outcomes[2]!.problems).toEqual([
      expect.objectContaining({
        code: 'looks_like_footer',
        column: 'Claim #',
        value: 'Total: 2',
        message:
          "'Total: 2' is all the row holds: it looks like a total or footer line, not a referral; delete the row, or leave such rows out with the mapping's \"skip\" rules (whenFirstCellStartsWith)",
      }),
    ]);
    expect(outcomes[3]!.problems.map((found) => [found.code, found.value])).toEqual([
      ['looks_like_footer', 'Exported by ClaimCenter 11/24/2026 09:14'],
    ]);
  });

  it('rule: a footer line is refused as one even when the constants fill every required field', async () => {
    // Every required field but the claim number is a constant: "Total: 2" alone made a valid referral.
    const constant = parseMapping(
      {
        ...MAPPING,
        constants: { ...MAPPING.constants, 'contact.last_name': 'Roe', 'contact.first_name': 'Jo' },
        columns: [
          { column: 'Claim #', target: 'reference_value_1' },
          { column: 'Insured', target: 'notes' },
        ],
      },
      'constants.json',
    );
    const sheet = await openSheet(fileSource(fixture('footer-lines.csv')));
    const outcomes = await collect(validateRows(sheet, constant, { reference: demoReference() }));
    expect(outcomes.map((outcome) => [outcome.row, outcome.status, outcome.body !== undefined])).toEqual([
      [2, 'valid', true],
      [3, 'valid', true],
      [5, 'invalid', false],
      [6, 'invalid', false],
    ]);
    expect(outcomes.slice(2).map((outcome) => outcome.problems.map((found) => found.code))).toEqual([
      ['looks_like_footer'],
      ['looks_like_footer'],
    ]);
    expect(outcomes[2]!.problems[0]!.message).toMatch(/leave such rows out with the mapping's "skip" rules/);
    // With the skip rule the problem names, the rows are left out, not refused.
    const skipping = parseMapping(
      { ...constant, skip: { whenFirstCellStartsWith: ['Total', 'Exported by'] } },
      'skip.json',
    );
    const skipped = await collect(validateRows(sheet, skipping, { reference: demoReference() }));
    expect(skipped.slice(2).map((outcome) => outcome.status)).toEqual(['skipped', 'skipped']);
  });

  it('a row of data whose first cell starts like a total is not called a footer', () => {
    // More than two cells filled is a row of data, whatever its first word.
    expect(footerLine(['Total loss', 'Ann Lee', 'Midwest'])).toBeNull();
    expect(footerLine(['F-1', 'Total', null])).toBeNull();
    expect(footerLine(['Total: 2', null, null])).toBe('Total: 2');
    expect(footerLine([null, 'Page 1 of 3', ''])).toBe('Page 1 of 3');
    expect(footerLine(['*** END OF REPORT ***'])).toBe('*** END OF REPORT ***');
  });

  it('map proposes skip rules for the total and the "Exported by" line, and says it guessed', async () => {
    const dir = await tempDir();
    const out = join(dir, 'mapping.json');
    const run = await runCli(['map', fixture('footer-lines.csv'), '--out', out]);
    expect(run.code).toBe(0);
    const mapping = JSON.parse(await readFile(out, 'utf8')) as { skip?: unknown };
    expect(mapping.skip).toEqual({ whenFirstCellStartsWith: ['Total', 'Exported by'] });
    expect(run.stdout + run.stderr).toMatch(
      /look like totals or a footer, not data \(row 5 "Total: 2", row 6 "Exported by ClaimCenter/,
    );
  });
});
