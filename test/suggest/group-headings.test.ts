/**
 * A row of merged group headings above short headers (test/fixtures/read/group-headings.fods, saved as
 * .xlsx by LibreOffice: "Claimant" merged over B–E, "Carrier" over F–I, then "Name", "Address", …).
 * Matched alone, the carrier's "Address" was proposed as the claimant's address at 98 %; read with its
 * heading ("Carrier Address") it is the client's, and the proposal says which headings it used.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, sampleSheet, suggestMapping } from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { demoReference } from '../validate/helpers.ts';

async function proposal(withHeadings: boolean) {
  const sheet = await openSheet(fileSource(fixture('group-headings.xlsx')));
  const sample = await sampleSheet(sheet);
  return suggestMapping({
    headers: sheet.headers,
    ...sample,
    reference: demoReference(),
    fileName: 'group-headings.xlsx',
    sheet: sheet.sheet,
    headerRow: sheet.headerRow,
    ...(withHeadings && sheet.groupHeadings ? { groupHeadings: sheet.groupHeadings } : {}),
  });
}

const targetsOf = (columns: { column: string; target: string | null }[]) =>
  Object.fromEntries(columns.map((column) => [column.column, column.target]));

describe('group headings merged above the header', () => {
  it('the reader gives each column the heading merged over it, from the row right above the header', async () => {
    const sheet = await openSheet(fileSource(fixture('group-headings.xlsx')));
    expect(sheet.headerRow).toBe(2);
    expect(sheet.headers).toEqual([
      'Claim #',
      'Name',
      'Address',
      'City',
      'Phone',
      'Name (2)',
      'Address (2)',
      'City (2)',
      'State',
    ]);
    expect(sheet.groupHeadings).toEqual([null, ...Array(4).fill('Claimant'), ...Array(4).fill('Carrier')]);
  });

  it('without them (as before), "Address" alone is taken at 98 % for the "Address" subject type, and the carrier\'s columns are not matched', async () => {
    const result = await proposal(false);
    expect(result.columns.find((column) => column.column === 'Address')).toMatchObject({
      target: 'subjects.0.custom_fields.301',
      confidence: 0.98,
    });
    expect(result.mapping.subjects).toEqual([{ subject_type_id: 3, is_primary: true, is_pinned: true }]);
    expect(targetsOf(result.columns)['Address (2)']).toBeNull();
  });

  it("with them, the carrier's columns go to the client and the claimant's to the claimant, and the proposal says why", async () => {
    const result = await proposal(true);
    const columns = targetsOf(result.columns);
    expect(columns).toMatchObject({
      'Name (2)': 'client.name',
      'Address (2)': 'client.address_1',
      'City (2)': 'client.city',
      State: 'client.state',
    });
    // The claimant's: "Name" and "Home Address" of the Claimant subject type (demo account fields 101, 107).
    expect(columns).toMatchObject({
      Name: 'subjects.0.custom_fields.101',
      Address: 'subjects.0.custom_fields.107.address_1',
      City: 'subjects.0.custom_fields.107.city',
    });
    expect(result.mapping.subjects).toEqual([{ subject_type_id: 1, is_primary: true, is_pinned: true }]);
    expect(result.decisions.map((note) => note.message)).toContain(
      "Under the heading 'Carrier' merged above the header (row 1), headers were matched with it: 'Name (2)' as 'Carrier Name', 'Address (2)' as 'Carrier Address', 'City (2)' as 'Carrier City', 'State' as 'Carrier State'.",
    );
  });
});
