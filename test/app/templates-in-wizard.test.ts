/**
 * A template names the sheet and header row it was made from (the mapping's `source`); the CLI reads
 * that sheet. The app, given the same workbook and template, must read the same sheet and header row
 * (never the sheet it guessed, silently), so that both give the same verdict against the same account;
 * a template naming a sheet the file lacks is said plainly, and the sheet read stays the guess, said to
 * be one. A saved template is never replaced unasked ("Save template" or "Load from file…" under a
 * name in use asks: replace it, or save as "name (2)"), and a template file's rows left out by number
 * are dropped, as "Save template" drops them, and said. In a real browser (browser mode) against its
 * built-in sandbox, the CLI against the same one.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';
import { BIN, connectionEnv } from '../cli/import-helpers.ts';

const execFileAsync = promisify(execFile);
/** Sheet 1 "Summary" (a title, its header in row 2), sheet 2 "Referrals" (the app's guess, header in row 3). */
const CARRIER = fileURLToPath(new URL('../fixtures/clerk/carrier-summary-first.xlsx', import.meta.url));

/** A template made with `map --sheet Summary`: the regions as claim numbers, one case type for all. */
const SUMMARY_TEMPLATE = {
  version: 1,
  source: { sheet: 'Summary', headerRow: 2 },
  constants: { case_type_id: 1 },
  columns: [{ column: 'Region', target: 'reference_value_1' }],
};

let session: BrowserSession;
let page: Page;
let dir: string;

const stat = (kind: string) =>
  page
    .locator(`.stat${kind} .n`)
    .first()
    .textContent()
    .then((text) => Number(text?.replace(/,/g, '')));

async function toColumns() {
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.setInputFiles('#file-input', CARRIER);
  await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
}

async function loadTemplateFile(name: string, template: unknown) {
  await page.setInputFiles('#template-file', {
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(template)),
  });
}

describe(
  'a template naming a sheet and header row: the app reads them, as the CLI does',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      session = await openBrowserSession();
      page = session.page;
      dir = await mkdtemp(join(tmpdir(), 'trackops-template-sheet-'));
    }, 120_000);
    afterAll(async () => {
      await session?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('the template’s sheet and header row are read in place of the guess, said so, and the dry run agrees with the CLI', async () => {
      await toColumns();
      await expect(page.getByLabel('What the suggestion looked at').textContent()).resolves.toMatch(
        /^Sheet “Referrals”, header in row 3:/,
      );
      await loadTemplateFile('summary.json', SUMMARY_TEMPLATE);
      const note = page.getByText(/^Loaded template “summary”/);
      await note.waitFor();
      await expect(note.textContent()).resolves.toBe(
        'Loaded template “summary” from summary.json. It names the sheet “Summary” with the header in row 2: that sheet is read now, in place of “Referrals” (the app’s guess).',
      );
      await expect(page.getByLabel('What the suggestion looked at').textContent()).resolves.toMatch(
        /^Sheet “Summary”, header in row 2:/,
      );
      // The sheet's column the template does not read ("Count") is shown as not imported, as the CLI's
      // validate and import name it in a note (explore 34 item 3).
      await expect(page.locator('#mapping-title + .muted').textContent()).resolves.toBe(
        '1 of 2 columns will be imported',
      );
      const count = page.getByLabel('Field for column Count', { exact: true });
      await expect(count.inputValue()).resolves.toBe('');
      await expect(count.getAttribute('placeholder')).resolves.toBe('Not imported — type to search targets');

      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await page.getByRole('heading', { name: /Dry run/ }).waitFor();
      // Every row checked: the grid shows and the progress is gone.
      await page.locator('.vgrid-row').first().waitFor();
      await page.getByText(/^Checked .* rows? so far/).waitFor({ state: 'detached' });
      await expect(page.locator('#dry-title + .muted').textContent()).resolves.toBe(
        'carrier-summary-first.xlsx · Summary',
      );
      const app = { rows: await stat(''), valid: await stat('.ok'), invalid: await stat('.bad') };

      const template = join(dir, 'summary.json');
      await writeFile(template, JSON.stringify(SUMMARY_TEMPLATE));
      const { stdout } = await execFileAsync(
        process.execPath,
        [BIN, 'validate', CARRIER, '--mapping', template, '--json', '--rate', '100/s'],
        { env: connectionEnv(session.app.sandbox) },
      ).catch((failed: { stdout: string }) => failed);
      const cli = JSON.parse(stdout) as { rows: number; valid: number; invalid: number };
      expect(app).toEqual({ rows: cli.rows, valid: cli.valid, invalid: cli.invalid });
      // Summary's rows under its header in row 2, not Referrals' 20.
      expect(app.rows).toBe(5);
    });

    it('a template naming a sheet the file lacks: said plainly, and the sheet read stays the guess, said to be one', async () => {
      await page.reload();
      await toColumns();
      await loadTemplateFile('last-week.json', {
        ...SUMMARY_TEMPLATE,
        source: { sheet: 'Last week', headerRow: 2 },
      });
      const note = page.getByText(/^Loaded template “last-week”/);
      await note.waitFor();
      await expect(note.textContent()).resolves.toBe(
        'Loaded template “last-week” from last-week.json. It names the sheet “Last week”, which carrier-summary-first.xlsx does not have (its sheets: “Summary”, “Referrals”, “Lists”). The sheet read is still “Referrals”, the app’s guess: go Back to choose another if that is not the right one. The command line refuses this file with this template.',
      );
      await expect(
        page.locator('.notice.warn').filter({ hasText: 'Loaded template “last-week”' }).count(),
      ).resolves.toBe(1);
      // Its header row belongs to the sheet it names: this sheet keeps its own.
      await expect(page.getByLabel('What the suggestion looked at').textContent()).resolves.toMatch(
        /^Sheet “Referrals”, header in row 3:/,
      );
    });

    it('"Save template" and "Load from file…" under a name in use ask first: replace it, or save as “name (2)”', async () => {
      await page.getByLabel('Template name').fill('weekly');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText(/^Saved template “weekly”\./).waitFor();

      // A colleague's weekly.json, in update mode, leaving out rows 2-4 of the file it was made from.
      const colleague = {
        version: 1,
        mode: 'update',
        match: 'reference_value_1',
        skip: { rows: [2, 3, 4] },
        columns: [{ column: 'Claim #', target: 'reference_value_1' }],
      };
      await loadTemplateFile('weekly.json', colleague);
      const question = page
        .getByRole('alert')
        .filter({ hasText: 'A template named “weekly” is saved already' });
      await question.waitFor();
      await expect(question.locator('p').textContent()).resolves.toBe(
        'A template named “weekly” is saved already. Replace it, or save this one as “weekly (2)”?',
      );
      await page.getByRole('button', { name: 'Save as “weekly (2)”' }).click();
      const note = page.getByText(/^Loaded template “weekly \(2\)”/);
      await note.waitFor();
      await expect(note.textContent()).resolves.toBe(
        'Loaded template “weekly (2)” from weekly.json. The file left out rows 2, 3, 4 by number; a template does not keep rows left out by number (they belong to the file it was made from), so no row is left out by number here.',
      );
      await expect(page.getByLabel('Saved templates').locator('option').allTextContents()).resolves.toEqual([
        'Choose…',
        'last-week',
        'summary',
        'weekly',
        'weekly (2)',
      ]);

      // Saving over the clerk's own "weekly": asked, then replaced only when "Replace" is clicked.
      await page.getByLabel('Template name').fill('weekly');
      await page.getByRole('button', { name: 'Save template' }).click();
      await question.waitFor();
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect(question.count()).resolves.toBe(0);
      const saved = await post(session.app, 'loadTemplate', { name: 'weekly' });
      expect(saved.json.value).not.toHaveProperty('match');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByRole('button', { name: 'Replace “weekly”' }).click();
      await page.getByText('Saved template “weekly”, in place of the one saved before.').waitFor();
      const replaced = await post(session.app, 'loadTemplate', { name: 'weekly' });
      expect(replaced.json.value).toMatchObject({ mode: 'update', match: 'reference_value_1' });
      expect(replaced.json.value).not.toHaveProperty('skip');
    });

    it('the page logged no errors', () => {
      expect(session.pageErrors).toEqual([]);
    });
  },
);
