/**
 * Subject groups numbered by ordinals in the headers ("1st Claimant Name", "2nd Claimant Name"), in a
 * real browser against the built-in sandbox: the Columns step says, beside the subject groups, which
 * columns each ordinal bound together (core's suggestion note), where the step's "Please check" box
 * left it out as a mere info note. A sheet numbered with plain digits says nothing of ordinals. The
 * files are written by Python's csv module.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let page: Page;
let dir = '';

const WRITE_CSV = `
import csv, sys
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows([sys.argv[2].split('|'), sys.argv[3].split('|')])
`;

function csvFile(name: string, headers: string[], row: string[]): string {
  const file = join(dir, name);
  runPython(WRITE_CSV, [file, headers.join('|'), row.join('|')]);
  return file;
}

async function toColumns(file: string): Promise<void> {
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
}

const ordinalNote = () =>
  page.getByRole('list', { name: 'Subject groups numbered by ordinals in the headers' });

describe('subject groups an ordinal numbered', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ordinal-groups-'));
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('rule: the Columns step says beside the subject groups which columns each ordinal numbered', async () => {
    const file = csvFile(
      'ordinals.csv',
      ['Claim Number', '1st Claimant Name', '2nd Claimant Name', 'Second Claimant DOB'],
      ['OG-1', 'Maria Lopez', 'Li Chen', '2/14/1975'],
    );
    await toColumns(file);
    const subjects = page.locator('fieldset', { hasText: 'Subjects on each request' });
    const said = subjects.getByRole('list', { name: 'Subject groups numbered by ordinals in the headers' });
    await expect(said.getByRole('listitem').allTextContents()).resolves.toEqual([
      'Subject group 1, Claimant 1: the columns starting "1st Claimant" (an ordinal read as Claimant number 1).',
      'Subject group 2, Claimant 2: the columns starting "2nd Claimant" or "Second Claimant" (ordinals read as Claimant number 2).',
    ]);
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: groups numbered with digits say nothing of ordinals', async () => {
    await page.reload();
    const file = csvFile(
      'digits.csv',
      ['Claim Number', 'Claimant 1 Name', 'Claimant 2 Name'],
      ['OG-2', 'Maria Lopez', 'Li Chen'],
    );
    await toColumns(file);
    await page
      .locator('fieldset', { hasText: 'Subjects on each request' })
      .getByText('Subject 2: Claimant')
      .waitFor();
    await expect(ordinalNote().count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
