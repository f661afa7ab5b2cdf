/**
 * A carrier's monthly export gains or loses a title line: October's header is in row 4, November's in
 * row 5, December's in row 3 (files written by Python's csv module). `map` leaves a header row it only
 * found out of the template, so every month's file is read; a template that does fix the row (written by
 * hand, by `map --header-row`, or by an older `map`) is refused on the files where the row moved,
 * naming where the number came from, the row that holds the mapped headers and how to read them there
 * (core/validate/pinned-header-row.ts) — never told to rename its columns to a referral's values.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const HEADER = ['Claim #', 'Date Received', 'Region', 'Carrier', 'Adjuster Last', 'Adjuster Email'];
const ROWS = [
  ['C-1', '11/23/2026', 'Midwest', 'Acme', 'Doe', 'a@b.example'],
  ['C-2', '11/24/2026', 'Midwest', 'Acme', 'Doe', 'a@b.example'],
];
const TITLES: Record<string, string[][]> = {
  october: [['Acme Mutual - SIU referrals'], ['Generated 11/28/2026'], []],
  november: [['Acme Mutual - SIU referrals'], ['Report period: November 2026'], ['Generated 12/28/2026'], []],
  december: [['Acme Mutual - SIU referrals'], []],
};

let dir: string;
const path = (month: string) => join(dir, `${month}.csv`);

beforeAll(async () => {
  dir = await tempDir();
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  for (const [month, titles] of Object.entries(TITLES))
    runPython(script, [path(month), JSON.stringify([...titles, HEADER, ...ROWS])]);
});

const written = new Map<boolean, Promise<string>>();

/**
 * The template `map` writes for October, with the header row fixed at 4 when `pinned`: written once, by
 * the first test that asks, for every test after it (each reads it, none changes it).
 */
function template(pinned: boolean): Promise<string> {
  let out = written.get(pinned);
  if (!out) {
    out = writeTemplate(pinned);
    written.set(pinned, out);
  }
  return out;
}

async function writeTemplate(pinned: boolean): Promise<string> {
  const out = join(dir, pinned ? 'pinned.json' : 'template.json');
  // --overwrite: no copy of one written before kept beside it.
  const run = await runCli([
    'map',
    path('october'),
    '--out',
    out,
    '--overwrite',
    ...(pinned ? ['--header-row', '4'] : []),
  ]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

describe("a header row the template fixes, in next month's file with a title line more or less", () => {
  it('map does not fix a header row it found, says so, and each month reads at its own row', async () => {
    const out = await template(false);
    expect(JSON.parse(await readFile(out, 'utf8')).source).toBeUndefined();
    const mapped = await runCli(['map', path('october'), '--json']);
    expect(JSON.parse(mapped.stdout).decisions).toContainEqual({
      column: null,
      level: 'info',
      message:
        "the header was found in row 4; the mapping does not fix that row, so each file's header row is " +
        'found afresh (to fix it, run map again with --header-row 4)',
    });
    for (const month of ['november', 'december']) {
      const run = await runCli(['validate', path(month), '--mapping', out, '--json']);
      // No note before the summary (--json says the text's summary on stderr).
      expect(run.stderr).toMatch(/^2 rows checked: /);
      expect(JSON.parse(run.stdout)).toMatchObject({ rows: 2 });
    }
  });

  it('map --header-row fixes it in the template', async () => {
    const out = await template(true);
    expect(JSON.parse(await readFile(out, 'utf8')).source).toEqual({ headerRow: 4 });
  });

  it("validate: the row is named as the mapping's, with the row that holds the headers and --header-row", async () => {
    const out = await template(true);
    const november = await runCli(['validate', path('november'), '--mapping', out]);
    expect(november.code).toBe(2);
    expect(november.stderr).toBe(
      `trackops-bulk: The mapping's source.headerRow is 4, but row 4 of ${path('november')} is empty; the ` +
        'mapped column names are in row 5: give --header-row 5 for this file, or remove "headerRow" from the ' +
        'mapping\'s "source" to have the header row found in each file.\n',
    );
    const december = await runCli(['validate', path('december'), '--mapping', out]);
    expect(december.code).toBe(2);
    expect(december.stderr).toBe(
      `trackops-bulk: The mapping's source.headerRow is 4, but row 4 of ${path('december')} holds C-1, ` +
        '11/23/2026, Midwest, Acme, not the column names the mapping reads; the mapped column names are in ' +
        'row 3: give --header-row 3 for this file, or remove "headerRow" from the mapping\'s "source" to ' +
        'have the header row found in each file.\n',
    );
    // The advice works: the row given for this file reads it.
    const given = await runCli([
      'validate',
      path('december'),
      '--mapping',
      out,
      '--header-row',
      '3',
      '--json',
    ]);
    expect(given.stderr).toMatch(/^2 rows checked: /);
    expect(JSON.parse(given.stdout)).toMatchObject({ rows: 2 });
  });

  it('a --header-row that misses is named as given; import, which reads only the mapping, says to change it', async () => {
    const out = await template(true);
    const flagged = await runCli(['validate', path('november'), '--mapping', out, '--header-row', '3']);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain(
      `--header-row 3 was given, but row 3 of ${path('november')} holds Generated 12/28/2026, not the ` +
        'column names the mapping reads; the mapped column names are in row 5: give --header-row 5.',
    );
    const imported = await runCli(['import', path('december'), '--mapping', out, '--sandbox']);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain(
      'the mapped column names are in row 3: remove "headerRow" from the mapping\'s "source" to have the ' +
        'header row found in each file (or set it to 3).',
    );
  });

  it('a given row that is empty, with no row holding every mapped header, still says where the number came from', async () => {
    const out = join(dir, 'far.json');
    const pinned = JSON.parse(await readFile(await template(true), 'utf8'));
    const columns = [...pinned.columns, { column: 'Policy', target: 'reference_value_2' }];
    await writeFile(out, JSON.stringify({ ...pinned, source: { headerRow: 40 }, columns }));
    const run = await runCli(['validate', path('october'), '--mapping', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Row 40 of ' +
        path('october') +
        ' is empty, so it cannot be the header row. Give the number of the row that holds the column names. ' +
        "(Row 40 is the one the mapping's source.headerRow names: give another with --header-row, or remove " +
        '"headerRow" from the mapping\'s "source" to have the header row found.)',
    );
  });
});
