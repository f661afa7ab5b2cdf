/**
 * The app's mapping step proposes what the sheet means, through the same suggestion as `map` (explore
 * 39): a "Client" column is the client's name (the whole proposal had been refused over the update-only
 * client_id), numbered claimant columns stay with their claimant, and a column of whole addresses goes to
 * the whole address, with the note said. In Chromium against the built-in sandbox; the file is written
 * by Python's csv module.
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

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim Number', 'Client', 'Claimant 1 Name', 'Claimant 1 Phone', 'Claimant 2 Name', 'Claimant 2 Phone', 'Claimant Address'],
    ['CLM-1', 'Acme Mutual', 'Alvarez, Sofia', '(720) 555-0101', 'Nunez, Jose', '(303) 555-0199', '12 Elm St, Denver, CO 80202'],
    ['CLM-2', 'Zurich North America', 'Smith, John', '', 'Brown, Ann', '(303) 555-0198', '400 Oak Ave, Boulder, CO 80301'],
    ['CLM-3', 'Acme Mutual', 'Lee, Kim', '', '', '', '9 Pine Rd, Golden, CO 80401'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const picker = (column: string) => page.getByRole('combobox', { name: `Field for column ${column}` });

describe('the mapping step on a carrier sheet', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'map-meaning-')), 'claims.csv');
    runPython(WRITE_CSV, [file]);
    session = await openBrowserSession();
    page = session.page;
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('rule: proposes each column where the sheet means it', async () => {
    const chosen = async (column: string) => picker(column).inputValue();
    await expect(chosen('Client')).resolves.toBe('Client › Client name');
    await expect(chosen('Claimant 1 Name')).resolves.toBe('Subject 1: Claimant › Name');
    await expect(chosen('Claimant 1 Phone')).resolves.toBe('Subject 1: Claimant › Phone');
    await expect(chosen('Claimant 2 Name')).resolves.toBe('Subject 2: Claimant › Name');
    await expect(chosen('Claimant 2 Phone')).resolves.toBe('Subject 2: Claimant › Phone');
    await expect(chosen('Claimant Address')).resolves.toBe('Subject 1: Claimant › Home Address');
    await page
      .getByText(
        'Claimant Address: its values are whole addresses ("12 Elm St, Denver, CO 80202"), read from the values',
        { exact: false },
      )
      .first()
      .waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
