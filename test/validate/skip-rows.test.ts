/**
 * Rows a mapping leaves out (issue 16, point 5): totals and footers ("TOTAL", "Confidential…", "*** END
 * OF REPORT ***") and rows a person chose to leave out are not data. They are neither valid nor
 * invalid: status `skipped` with the rule that left them out, counted by rule in the summary, and a
 * sheet that is perfect apart from them has no invalid row.
 */
import { describe, expect, it } from 'vitest';
import {
  MappingError,
  parseMapping,
  summarize,
  validateRows,
  type Cell,
  type Mapping,
} from '../../core/index.ts';
import { collect, demoReference, sheetOf } from './helpers.ts';

const HEADERS = ['Claim #', 'Carrier', 'Adjuster', 'Email', 'Budget'];
const good = (claim: string): Cell[] => [claim, 'Acme', 'Doe', 'a@b.example', '$1,500.00'];
const ROWS: Cell[][] = [
  good('C-1'),
  good('C-2'),
  [null, null, null, null, null], // the reader skips blank rows; a row of nulls here stands for a gap row
  good('C-3'),
  ['TOTAL', null, null, null, '$4,500.00'],
  ['Confidential - do not forward', null, null, null, null],
  ['  *** end of report ***  ', null, null, null, null],
  good('C-4'), // below the end marker: left out too
];

function mappingWith(skip: Mapping['skip']): Mapping {
  return parseMapping(
    {
      version: 1,
      constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
      ...(skip ? { skip } : {}),
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster', target: 'contact.last_name' },
        { column: 'Email', target: 'contact.email' },
        { column: 'Budget', target: 'budget_money', parse: 'number', decimal: '.' },
      ],
    },
    'skip.json',
  );
}

async function run(skip: Mapping['skip']) {
  const outcomes = await collect(
    validateRows(sheetOf(HEADERS, ROWS), mappingWith(skip), { reference: demoReference() }),
  );
  return { outcomes, summary: summarize(outcomes) };
}

describe('skip rules', () => {
  it('without them, the totals and footer rows are validated as data and fail', async () => {
    const { summary } = await run(undefined);
    expect(summary).toMatchObject({ rows: 8, valid: 4, invalid: 4 });
  });

  it('each rule leaves its rows out, with the rule and why; the rest are all valid', async () => {
    const { outcomes, summary } = await run({
      rows: [4],
      whenFirstCellStartsWith: ['total', 'Confidential'],
      after: '*** END OF REPORT ***',
    });
    expect(outcomes.map((outcome) => [outcome.row, outcome.status, outcome.skipped?.rule])).toEqual([
      [2, 'valid', undefined],
      [3, 'valid', undefined],
      [4, 'skipped', 'rows'],
      [5, 'valid', undefined],
      [6, 'skipped', 'whenFirstCellStartsWith'],
      [7, 'skipped', 'whenFirstCellStartsWith'],
      [8, 'skipped', 'after'],
      [9, 'skipped', 'after'],
    ]);
    expect(outcomes[4]!.skipped!.reason).toBe(
      `left out: its first cell 'TOTAL' starts with "total" (skip.whenFirstCellStartsWith)`,
    );
    expect(outcomes[6]!.skipped!.reason).toBe(
      'left out: it is the row "*** END OF REPORT ***", below which nothing is data (skip.after)',
    );
    expect(outcomes[7]!.skipped!.reason).toBe(
      'left out: it is below the row "*** END OF REPORT ***" (row 8; skip.after)',
    );
    expect(outcomes[2]!.problems).toEqual([]);
    expect(summary).toEqual({
      rows: 3,
      valid: 3,
      invalid: 0,
      skippedBlank: 0,
      skipped: 5,
      skippedByRule: { rows: 1, whenFirstCellStartsWith: 2, after: 2 },
    });
  });

  it('whenBlank: a row whose listed columns are all blank', async () => {
    const { outcomes } = await run({ whenBlank: ['Carrier', 'Email'] });
    expect(outcomes.filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.row)).toEqual([
      4, 6, 7, 8,
    ]);
    expect(outcomes[2]!.skipped!.reason).toBe('left out: Carrier and Email are blank (skip.whenBlank)');
  });

  it('a left-out row does not take a key: the same claim number below is not a duplicate of it', async () => {
    const outcomes = await collect(
      validateRows(
        sheetOf(HEADERS, [['C-1', null, null, null, null], good('C-1')]),
        mappingWith({ whenBlank: ['Carrier'] }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['skipped', 'valid']);
  });

  it('a whenBlank column the sheet lacks is refused before any row, naming the mapping', async () => {
    const checking = collect(
      validateRows(sheetOf(HEADERS, ROWS), mappingWith({ whenBlank: ['Claim Number'] }), {
        mappingName: 'carrier.json',
      }),
    );
    await expect(checking).rejects.toThrow(MappingError);
    await expect(checking).rejects.toThrow(
      /^Mapping carrier\.json does not fit referrals\.csv: skip\.whenBlank\[0\]: the column 'Claim Number' is not in referrals\.csv/,
    );
  });

  it("the mapping file checks the rules' shape", () => {
    expect(() => parseMapping({ version: 1, columns: [], skip: { rows: [0] } }, 'm.json')).toThrow(
      /skip\.rows\[0\]/,
    );
    expect(() => parseMapping({ version: 1, columns: [], skip: { when: 'TOTAL' } }, 'm.json')).toThrow(
      /skip\.when: unknown key "when"/,
    );
  });
});
