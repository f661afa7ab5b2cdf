/**
 * A round-trip export saved as CSV and brought back in the app's Import (explored): the Columns step
 * said it was "A round-trip CSV (trackops-bulk export --columns round-trip)" and, for change detection,
 * to "import that file with the command-line tool, without a mapping (trackops-bulk import FILE)", to a
 * clerk in the app, whose own Import takes the round-trip .xlsx without a mapping. Now it says the app's
 * way (core takes the host's words). Browser mode in Debian's Chromium against the sandbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { exportRoundTripInApp } from './export-in-app.ts';

const CLI_WORDS = /--[a-z]|trackops-bulk|command-line/;

let session: BrowserSession;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-csv-words-'));
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a round-trip CSV on the Columns step', { timeout: 120_000 }, () => {
  it('rule: says what it is and the way to change detection in the app’s words, not the command line’s', async () => {
    const { page } = session;
    const file = join(dir, 'requests.csv');
    await exportRoundTripInApp(page, file, 'csv');

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    const said = page.getByText(/^This file keeps each request's updated_at as exported/);
    await said.waitFor();
    await screenshotIfAsked(page, 'round-trip-csv-words', { fullPage: true });
    const words = await said.innerText();
    expect(words).toContain('choose that file in Import');
    expect(words).not.toMatch(CLI_WORDS);
    await expect(page.locator('main').innerText()).resolves.not.toMatch(CLI_WORDS);
    expect(session.pageErrors).toEqual([]);
  });
});
