/**
 * A two-row header built with Merge & Center (test/fixtures/read/two-row-header.fods, saved as .xlsx by
 * LibreOffice: "Claim #", "Received", "Region", "Carrier" each merged down over rows 1–2; "Adjuster"
 * merged across E1:G1 over "First", "Last", "Email"; "Claimant" across H1:I1 over "Name", "DOB"). Read as
 * one header in row 1, the adjuster's first names were headed "Adjuster" and proposed as the contact's
 * full name at 95 %, and row 2 was refused as a referral (core/read/two-row-header.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, sampleSheet, suggestMapping } from '../../core/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../report/helpers.ts';
import { demoReference } from '../validate/helpers.ts';
import { fixture } from './helpers.ts';

const FILE = fixture('two-row-header.xlsx');

describe('a header over two rows made with Merge & Center', () => {
  it('is read in its second row, columns merged down named by their label, the first row as group headings', async () => {
    const sheet = await openSheet(fileSource(FILE));
    expect(sheet.headerRow).toBe(2);
    expect(sheet.headers).toEqual([
      'Claim #',
      'Received',
      'Region',
      'Carrier',
      'First',
      'Last',
      'Email',
      'Name',
      'DOB',
    ]);
    expect(sheet.groupHeadings).toEqual([
      ...Array(4).fill(null),
      ...Array(3).fill('Adjuster'),
      ...Array(2).fill('Claimant'),
    ]);
    const rows: unknown[] = [];
    for await (const row of sheet.rows()) rows.push([row.row, row.cells[0], row.cells[4], row.cells[5]]);
    expect(rows).toEqual([
      [3, 'C-1', 'Dana', 'Whitfield'],
      [4, 'C-2', 'Luis', 'Ortega'],
    ]);
  });

  it('the row given by number is read as given, its columns merged down from above named by their label', async () => {
    const first = await openSheet(fileSource(FILE), { headerRow: 1 });
    expect(first.headerRow).toBe(1);
    // "Adjuster" merged across E1:G1 heads each of its columns, as Excel shows it (a repeat, named so).
    expect(first.headers.slice(4, 7)).toEqual(['Adjuster', 'Adjuster (2)', 'Adjuster (3)']);
    const second = await openSheet(fileSource(FILE), { headerRow: 2 });
    expect(second.headers.slice(0, 5)).toEqual(['Claim #', 'Received', 'Region', 'Carrier', 'First']);
  });

  it('map matches each sub-label under its heading and proposes no target for the heading itself', async () => {
    const sheet = await openSheet(fileSource(FILE));
    const proposal = suggestMapping({
      headers: sheet.headers,
      ...(await sampleSheet(sheet)),
      reference: demoReference(),
      fileName: 'two-row-header.xlsx',
      sheet: sheet.sheet,
      headerRow: sheet.headerRow,
      ...(sheet.groupHeadings ? { groupHeadings: sheet.groupHeadings } : {}),
    });
    const targets = Object.fromEntries(proposal.columns.map((column) => [column.column, column.target]));
    expect(targets).toMatchObject({
      'Claim #': 'reference_value_1',
      First: 'contact.first_name',
      Last: 'contact.last_name',
    });
    expect(proposal.columns.map((column) => column.column)).not.toContain('Adjuster');
    expect(Object.values(targets)).not.toContain('contact.full_name');
  });

  it('validate reads every referral row and none of the header as data', async () => {
    const out = join(await tempDir(), 'two-row.json');
    const mapped = await runCli(['map', FILE, '--sandbox', '--out', out]);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).toContain('header in row 2');
    const checked = await runCli(['validate', FILE, '--mapping', out, '--json']);
    const summary = JSON.parse(checked.stdout);
    // Rows 3 and 4, the referrals; row 2 (the sub-labels) is the header, not a row refused as merged.
    expect(summary.rows).toBe(2);
    expect(checked.stdout).not.toContain('merged range');
  });
});
