/**
 * A template's columns against the file open in the app, read as the command line reads them. A column
 * the template names in another letter case or with spaces around it ("carrier " for "Carrier") is that
 * header, as validate matches it, where the Columns step showed the column as not imported while the
 * dry run imported it. A column the file lacks ("Carier") was invisible: counted among the columns
 * imported, refused only by the dry run with a JSON path, and impossible to take out of the mapping on
 * screen. Now it is said when the template is loaded and listed in the Columns step, to read from the
 * closest header or to take out. In a real browser (browser mode) against its built-in sandbox; the
 * sheet written by Python's csv module.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { post } from './http-bridge.ts';

const HEADER = ['Claim #', 'Date Received', 'Region', 'Carrier', 'Country', 'Adjuster Email'];
const ROW = ['CLM-1', '11/23/2026', 'Midwest', 'Acme Mutual', 'US', 'dana@acme.example'];

const template = (carrier: string) => ({
  version: 1,
  constants: { case_type_id: 1 },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
    { column: carrier, target: 'client.name' },
    { column: 'Country', target: 'client.country' },
    { column: 'Adjuster Email', target: 'contact.email' },
  ],
});

let session: BrowserSession;
let page: Page;
let dir: string;
let file: string;

const count = () => page.locator('#mapping-title + .muted').textContent();
const carrierField = () => page.getByLabel('Field for column Carrier', { exact: true });
const notInFile = () => page.getByRole('alert', { name: 'Template columns not in the file' });

async function loadTemplate(name: string, mapping: unknown) {
  await page.reload();
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.setInputFiles('#template-file', {
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(mapping)),
  });
  const note = page.getByText(new RegExp(`^Loaded template “${name.replace('.json', '')}”`));
  await note.waitFor();
  return note.textContent();
}

describe(
  'a template’s columns against the file, in the app as on the command line',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      session = await openBrowserSession();
      page = session.page;
      dir = await mkdtemp(join(tmpdir(), 'trackops-template-columns-'));
      file = writeCsvByPython(join(dir, 'referrals.csv'), [HEADER, ROW]);
    }, 120_000);
    afterAll(async () => {
      await session?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('a column named in another case is the header, said, and imported on screen as by the dry run', async () => {
      const said = await loadTemplate('cased.json', template(' carrier '));
      expect(said).toBe(
        'Loaded template “cased” from cased.json. Its column “ carrier ” is “Carrier” in referrals.csv: matched ignoring case and spaces around it, as the command line matches it.',
      );
      await expect(carrierField().inputValue()).resolves.not.toBe('');
      await expect(count()).resolves.toBe('6 of 6 columns will be imported');
      await expect(notInFile().count()).resolves.toBe(0);
    });

    it('a column the file lacks is said, not counted, and read from the closest header when asked', async () => {
      const said = await loadTemplate('misspelt.json', template('Carier'));
      expect(said).toBe(
        'Loaded template “misspelt” from misspelt.json. It reads a column referrals.csv does not have: “Carier” (the closest is “Carrier”). Choose below what to do with it; the dry run refuses the file while the template reads it.',
      );
      await expect(count()).resolves.toBe('5 of 6 columns will be imported');
      await expect(notInFile().textContent()).resolves.toContain(
        '“Carier” → Client › Client name: referrals.csv has no such column; the closest is “Carrier”.',
      );
      await screenshotIfAsked(session.page, 'template-column-not-in-file', { fullPage: true });
      await notInFile().getByRole('button', { name: 'Read it from “Carrier”' }).click();
      await expect(notInFile().count()).resolves.toBe(0);
      await expect(carrierField().inputValue()).resolves.not.toBe('');
      await expect(count()).resolves.toBe('6 of 6 columns will be imported');
    });

    it('left in, the dry run names it with its header and field, not a JSON path', async () => {
      await loadTemplate('misspelt-kept.json', template('Carier'));
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      const refusal = page.getByText(/^The columns cannot be checked yet/);
      await refusal.waitFor();
      await expect(refusal.textContent()).resolves.toBe(
        'The columns cannot be checked yet: the template reads “Carier” (→ Client › Client name; the closest column is “Carrier”), which referrals.csv does not have. ' +
          'Read it from another column or take it out (listed above the Columns step’s table), then check again.',
      );
    });

    it('taken out, it is out of the mapping, and the dry run checks the rows', async () => {
      await loadTemplate('misspelt-again.json', template('Carier'));
      await notInFile().getByRole('button', { name: 'Take it out' }).click();
      await expect(notInFile().count()).resolves.toBe(0);
      await expect(count()).resolves.toBe('5 of 6 columns will be imported');
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await page.getByRole('heading', { name: /Dry run/ }).waitFor();
      await expect(page.getByText(/does not fit/).count()).resolves.toBe(0);
    });

    it('a column the template maps to two fields shows both; a field picked replaces the one shown, not both', async () => {
      const twice = template('Carrier');
      twice.columns.push({ column: 'Carrier', target: 'reference_value_3' });
      await loadTemplate('twice.json', twice);
      const also = page.getByRole('note', { name: 'Carrier also goes to' });
      // Columns of the file, each once, however many fields it goes to.
      await expect(count()).resolves.toBe('6 of 6 columns will be imported');
      await expect(also.textContent()).resolves.toMatch(
        /^This column also goes to Case request › .+ \(the template maps it to two fields\)\. Stop sending it there$/,
      );
      await carrierField().fill('Case location');
      await carrierField().press('Enter');
      await page.getByLabel('Template name').fill('twice kept');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText(/^Saved template “twice kept”/).waitFor();
      const kept = await post(session.app, 'loadTemplate', { name: 'twice kept' });
      const carrier = (kept.json.value as { columns: { column: string; target: string }[] }).columns.filter(
        (entry) => entry.column === 'Carrier',
      );
      expect(carrier.map((entry) => entry.target)).toEqual(['case_location', 'reference_value_3']);

      await also.getByRole('button', { name: 'Stop sending it there' }).click();
      await expect(also.count()).resolves.toBe(0);
      await page.getByLabel('Template name').fill('twice once');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText(/^Saved template “twice once”/).waitFor();
      const once = await post(session.app, 'loadTemplate', { name: 'twice once' });
      expect(
        (once.json.value as { columns: { column: string; target: string }[] }).columns
          .filter((entry) => entry.column === 'Carrier')
          .map((entry) => entry.target),
      ).toEqual(['case_location']);
    });

    it('"Load from file…" reads a template as --mapping does: Notepad’s “Unicode” read, its “ANSI” refused naming the line', async () => {
      await loadTemplate('plain.json', template('Carrier'));
      const text = JSON.stringify(template('Carrier'), null, 2);
      await page.setInputFiles('#template-file', {
        name: 'unicode.json',
        mimeType: 'application/json',
        buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      });
      await page.getByText(/^Loaded template “unicode”/).waitFor();

      const ansi = JSON.stringify(
        { ...template('Carrier'), constants: { case_type_id: 1, notes: 'Revisión' } },
        null,
        2,
      );
      await page.setInputFiles('#template-file', {
        name: 'ansi.json',
        mimeType: 'application/json',
        buffer: Buffer.from(ansi, 'latin1'),
      });
      await page
        .getByText(
          'Mapping ansi.json is not usable: is not UTF-8 text: line 5 holds the byte 0xF3, written in another encoding (such as windows-1252, Notepad\'s "ANSI"); save the file again as UTF-8',
        )
        .waitFor();
    });

    it('the page logged no errors', () => {
      expect(session.pageErrors).toEqual([]);
    });
  },
);
