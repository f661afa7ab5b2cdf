/**
 * Explore 34 items 4 and 5, in a real browser against the built-in sandbox: a template whose column
 * goes to a field the account has deleted since is shown as going there (not as "Not imported" while
 * the mapping still sends it), with a warning on that row and at the top of the step, the field of the
 * header's name the account has now offered, and "Leave this column out"; and a translated value that
 * no longer fits is one problem of the mapping above the grid, naming the translation. The field offered
 * is main's answer (core's rule, the one the dry run's words use), not a copy of the rule in the page.
 * A value for every row (a constant) aimed at such a field is flagged the same way in "Same value on
 * every row", with the same ways out: another field for it, or removing it.
 * The file is written by Python's csv module.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount } from '../../sandbox/index.ts';
import type { MappingDraft } from '../../main/bridge/contract.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb, openFile } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim #', 'Carrier', 'Country', 'Adjuster Email', 'Claimant', 'Vehicle Plate', 'Vehicle Color', 'Priority'],
    ['CLM-8101', 'Acme Mutual', 'US', 'dana@acme.example', 'Alvarez, Sofia', 'CO-1', 'Silver', 'Rush'],
    ['CLM-8102', 'Acme Mutual', 'US', 'dana@acme.example', 'Chen, Li', 'CO-2', 'Black', 'Rush'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const TEMPLATE = {
  version: 1,
  mode: 'create',
  constants: { case_type_id: 1, case_region_id: 1 },
  subjects: [
    { subject_type_id: 1, is_primary: true, is_pinned: true },
    { subject_type_id: 2, is_primary: false, is_pinned: false },
  ],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Country', target: 'client.country' },
    { column: 'Adjuster Email', target: 'contact.email' },
    { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    { column: 'Vehicle Plate', target: 'subjects.1.custom_fields.201' },
    { column: 'Vehicle Color', target: 'subjects.1.custom_fields.206' },
    { column: 'Priority', target: 'custom_fields.12', values: { Rush: 'High' } },
  ],
};

let session: BrowserSession;
let page: Page;
let file = '';

const picker = (column: string) => page.getByRole('combobox', { name: `Field for column ${column}` });

async function toColumnsWithTemplate(template: object = TEMPLATE, name = 'last-month') {
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.setInputFiles('#template-file', {
    name: `${name}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(template)),
  });
  await page.getByText(`Loaded template “${name}”`, { exact: false }).first().waitFor();
}

describe('a template whose field the account no longer has', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'field-gone-')), 'month2.csv');
    runPython(WRITE_CSV, [file]);
    // This month's account: the Vehicle's Color (206) replaced by a new Color (210); Priority's High renamed.
    const account = await loadDemoAccount();
    const color = account.fields.find((field) => field.id === 206)!;
    account.fields = [...account.fields.filter((field) => field.id !== 206), { ...color, id: 210 }];
    const vehicle = account.subject_types.find((type) => type.id === 2)!;
    vehicle.field_ids = [...vehicle.field_ids!.filter((id) => id !== 206), 210];
    account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'High priority', 'Urgent'];
    session = await openBrowserSession({ sandbox: { account } });
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('shows the column as going to that field, warns on its row and at the top, and offers the field of its name', async () => {
    await toColumnsWithTemplate();
    await expect(picker('Vehicle Color').inputValue()).resolves.toBe(
      'Subject 2: Vehicle › field 206 — not in the account',
    );
    await expect(picker('Vehicle Color').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByText(/columns will be imported/).textContent()).resolves.toBe(
      '8 of 8 columns will be imported · 1 goes to a field the account does not have',
    );
    const top = page.getByRole('alert', { name: 'Fields the account does not have' });
    await expect(top.textContent()).resolves.toContain(
      '“Vehicle Color” → Subject 2: Vehicle › field 206: the account no longer has that field.',
    );
    const row = page.getByRole('alert', { name: 'Field for column Vehicle Color: a problem' });
    await expect(row.textContent()).resolves.toContain(
      'The mapping sends “Vehicle Color” to Subject 2: Vehicle › field 206, but the account no longer has that field: ' +
        'every row that fills this column would be refused. Choose another field for it (the account has Subject 2: Vehicle › Color, whose name the header holds), or leave the column out.',
    );

    await row.getByRole('button', { name: 'Use Subject 2: Vehicle › Color' }).click();
    await expect(picker('Vehicle Color').inputValue()).resolves.toBe('Subject 2: Vehicle › Color');
    await expect(top.count()).resolves.toBe(0);
    await expect(page.getByText(/columns will be imported/).textContent()).resolves.toBe(
      '8 of 8 columns will be imported',
    );
  });

  it("the field offered is the draft's answer from core's rule, for the case and each subject type", async () => {
    const { sourceId } = await openFile(session.app, file);
    const draft = await callVerb<MappingDraft>(session.app, 'draftMapping', {
      sourceId,
      profileId: 'sandbox',
      template: TEMPLATE,
    });
    expect(draft.accountFields).toBe(true);
    // The new Color (210) is the Vehicle's (subject type 2); "Priority" is the case field 12.
    expect(draft.headerFields['Vehicle Color']).toEqual({ case: null, subjectTypes: { '2': 210 } });
    expect(draft.headerFields.Priority).toEqual({ case: 12, subjectTypes: {} });
    expect(draft.headerFields['Claim #']).toEqual({ case: null, subjectTypes: {} });
  });

  it('"Leave this column out" takes the column out of the mapping', async () => {
    await page.reload();
    await toColumnsWithTemplate();
    await page
      .getByRole('alert', { name: 'Field for column Vehicle Color: a problem' })
      .getByRole('button', { name: 'Leave this column out' })
      .click();
    await expect(picker('Vehicle Color').inputValue()).resolves.toBe('');
    await expect(page.getByText(/columns will be imported/).textContent()).resolves.toBe(
      '7 of 8 columns will be imported',
    );
  });

  it('a translated value the account refuses is one problem of the mapping above the grid, naming the translation', async () => {
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    const problems = page.getByRole('region', { name: 'Problems of the mapping' });
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain(
      "2 rows: Priority 'Rush', which the mapping's values turn into 'High', is not one of: Normal, High priority, Urgent; " +
        "change the translation of 'Rush' in the column's values (the template), or remove it",
    );
    expect(session.pageErrors).toEqual([]);
  });

  it('a value for every row aimed at a field the account no longer has is flagged in the same words, and moved or removed', async () => {
    await page.reload();
    // Last month's template gave every request the case field 20 ("Rush"), deleted since.
    const withConstant = {
      ...TEMPLATE,
      constants: { ...TEMPLATE.constants, 'custom_fields.20': 'Yes' },
      columns: TEMPLATE.columns.filter((column) => column.column !== 'Vehicle Color'),
    };
    await toColumnsWithTemplate(withConstant, 'field-gone-since');
    const top = page.getByRole('alert', { name: 'Fields the account does not have' });
    await expect(top.textContent()).resolves.toBe(
      'A value for every row goes to a field the account does not have:' +
        'Same value on every row → Case custom field › field 20: the account no longer has that field.' +
        'Choose another field for it below, or remove it: the dry run refuses every row as it is.',
    );
    const values = page.getByRole('list', { name: 'Values for every row' });
    await expect(values.getByText('Case custom field › field 20 — not in the account').count()).resolves.toBe(
      1,
    );
    const note = page.getByRole('alert', {
      name: 'Value for every row for Case custom field › field 20: a problem',
    });
    await expect(note.textContent()).resolves.toContain(
      'The mapping gives every row this value for Case custom field › field 20, but the account no longer has that field: ' +
        'every row would be refused. Choose another field for it, or remove the value.',
    );
    // Another field for it: the value goes there, and the warnings go.
    const other = note.getByRole('combobox', {
      name: 'Another field for the value now going to Case custom field › field 20',
    });
    await other.fill('Rush');
    await other.press('Enter');
    await expect(top.count()).resolves.toBe(0);
    await expect(values.getByText('Case custom field › Rush').count()).resolves.toBe(1);
    await expect(values.getByText(/field 20/).count()).resolves.toBe(0);

    // Or removed.
    await page.reload();
    await toColumnsWithTemplate(withConstant, 'field-gone-since');
    await page
      .getByRole('alert', { name: 'Value for every row for Case custom field › field 20: a problem' })
      .getByRole('button', { name: 'Remove this value' })
      .click();
    await expect(top.count()).resolves.toBe(0);
    await expect(values.getByText(/field 20/).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  // Explore 61: both pickers offered "— Do not import this column —", which cleared the add box and did
  // nothing under the moved value. Each offers only what it does, named for it.
  it('the value pickers offer no "Do not import this column": the add box a choice that empties it, the moved value none', async () => {
    await page.reload();
    await toColumnsWithTemplate(
      {
        ...TEMPLATE,
        constants: { ...TEMPLATE.constants, 'custom_fields.20': 'Yes' },
        columns: TEMPLATE.columns.filter((column) => column.column !== 'Vehicle Color'),
      },
      'value-pickers',
    );
    const add = page.getByRole('combobox', { name: 'Field to fill on every row' });
    await add.fill('rush');
    await add.press('Enter');
    await expect(add.inputValue()).resolves.toBe('Case custom field › Rush');
    await add.focus();
    await add.press('ArrowDown');
    const addList = page.getByRole('listbox', { name: 'Field to fill on every row: targets' });
    const options = await addList.getByRole('option').allTextContents();
    expect(options[0]).toBe('— No field: add nothing —');
    expect(options.filter((option) => /Do not import/.test(option))).toEqual([]);
    await add.press('ArrowDown');
    await add.press('Enter');
    await expect(add.inputValue()).resolves.toBe('');
    await expect(page.getByRole('button', { name: 'Add', exact: true }).count()).resolves.toBe(0);

    const moved = page.getByRole('combobox', {
      name: 'Another field for the value now going to Case custom field › field 20',
    });
    await moved.focus();
    await moved.press('ArrowDown');
    const movedList = page.getByRole('listbox', {
      name: 'Another field for the value now going to Case custom field › field 20: targets',
    });
    const movedOptions = await movedList.getByRole('option').allTextContents();
    expect(movedOptions.length).toBeGreaterThan(0);
    expect(movedOptions.filter((option) => /Do not import|No field/.test(option))).toEqual([]);
    // Typing "none" finds no such option there either: Enter chooses nothing and the value stays.
    await moved.fill('none');
    await moved.press('Enter');
    await expect(
      page
        .getByRole('list', { name: 'Values for every row' })
        .getByText('Case custom field › field 20 — not in the account')
        .count(),
    ).resolves.toBe(1);
    expect(session.pageErrors).toEqual([]);
  });
});
