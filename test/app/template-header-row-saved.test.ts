/**
 * A template saved in the app keeps the header row only when the clerk chose it, as `map` writes only a
 * --header-row given: a row the app found is a guess, and frozen into the template it refused next
 * month's file from the same carrier with one title line more ("The mapping's source.headerRow is 1,
 * but row 1 … holds …"), where a template made by `map` from the same file reads it. In a real browser
 * (browser mode) against its built-in sandbox, the CLI against the same one; the sheets written by
 * Python's csv module.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';
import { BIN, connectionEnv } from '../cli/import-helpers.ts';
import { writeCsvByPython } from '../helpers/python.ts';

const execFileAsync = promisify(execFile);
const HEADER = ['Claim #', 'Date Received', 'Region', 'Carrier', 'Country', 'Adjuster Email'];
const ROW = ['CLM-1', '11/23/2026', 'Midwest', 'Acme Mutual', 'US', 'dana@acme.example'];

let session: BrowserSession;
let page: Page;
let dir: string;

async function openInApp(path: string) {
  await page.reload();
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.setInputFiles('#file-input', path);
  await page.getByLabel('Header row').waitFor();
}

async function saveTemplate(name: string) {
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByLabel('Template name').fill(name);
  await page.getByRole('button', { name: 'Save template' }).click();
  await page.getByText(new RegExp(`^Saved template “${name}”`)).waitFor();
  const saved = await post(session.app, 'loadTemplate', { name });
  return saved.json.value as { source?: Record<string, unknown> };
}

describe('the header row a template saved in the app keeps', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    dir = await mkdtemp(join(tmpdir(), 'trackops-header-row-saved-'));
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a header row the app found is not kept, so next month’s file with a title line reads with it', async () => {
    const october = writeCsvByPython(join(dir, 'october.csv'), [HEADER, ROW]);
    await openInApp(october);
    const saved = await saveTemplate('carrier');
    expect(saved.source ?? {}).not.toHaveProperty('headerRow');

    const template = join(dir, 'carrier.json');
    await writeFile(template, JSON.stringify(saved));
    const november = writeCsvByPython(join(dir, 'november.csv'), [
      ['Acme Mutual referrals, November'],
      HEADER,
      ROW,
    ]);
    const run = await execFileAsync(
      process.execPath,
      [BIN, 'validate', november, '--mapping', template, '--rate', '100/s'],
      { env: connectionEnv(session.app.sandbox) },
    ).catch((failed: { stdout: string; stderr: string }) => failed);
    expect(run.stderr).not.toContain('headerRow');
    expect(run.stdout).toContain('1 row checked');
  });

  it('a header row the clerk chose is kept', async () => {
    const titled = writeCsvByPython(join(dir, 'titled.csv'), [['Acme Mutual referrals'], HEADER, ROW]);
    await openInApp(titled);
    // Found in row 2 already: the clerk types 1, then 2 (a value typed is a choice, even the same row).
    await page.getByLabel('Header row').fill('1');
    await page
      .getByText('The column names are read from row 1, as you chose; rows above it are ignored.')
      .waitFor();
    await page.getByLabel('Header row').fill('2');
    await page
      .getByText('The column names are read from row 2, as you chose; rows above it are ignored.')
      .waitFor();
    const saved = await saveTemplate('carrier-chosen');
    expect(saved.source).toMatchObject({ headerRow: 2 });
  });

  it('a template’s own header row stays in it when saved again, found or not', async () => {
    const october = writeCsvByPython(join(dir, 'october-again.csv'), [HEADER, ROW]);
    await openInApp(october);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    const pinned = {
      version: 1,
      source: { headerRow: 1 },
      columns: [{ column: 'Claim #', target: 'reference_value_1' }],
    };
    await page.setInputFiles('#template-file', {
      name: 'pinned.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(pinned)),
    });
    await page.getByText(/^Loaded template “pinned”/).waitFor();
    await page.getByLabel('Template name').fill('pinned again');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText(/^Saved template “pinned again”/).waitFor();
    const saved = await post(session.app, 'loadTemplate', { name: 'pinned again' });
    expect((saved.json.value as { source?: unknown }).source).toEqual({ headerRow: 1 });
  });

  it('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
