/**
 * The mapping step on a file larger than the suggestion's sample, in a real browser (issue 13): the
 * suggestion may first come from the first 2,000 rows while the rest is read; once every row is read
 * the step shows the count and the footer's rule, as `map` would, with no action from the person.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

const ROWS = 30_000;
let session: BrowserSession;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trackops-fill-in-'));
  const lines = ['Claim Number,Claimant Last Name,Date of Loss'];
  for (let index = 1; index <= ROWS; index++)
    lines.push(`CLM-${index},Smith${index % 50},2024-01-${(index % 28) + 1}`);
  lines.push(`TOTAL,${ROWS},`);
  writeFileSync(join(dir, 'large.csv'), lines.join('\r\n') + '\r\n');
  // No rows kept: the read is never "done", so the first answer is always from the first rows (on a
  // fast machine a kept read could end before "Next" is clicked).
  session = await openBrowserSession({ cachedCells: 1 });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a suggestion that fills in', () => {
  it('ends with the row count and the footer rule made from every row', async () => {
    const { page } = session;
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    const asked: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/bridge/draftMapping')) asked.push(request.postDataJSON());
    });
    await page.setInputFiles('#file-input', join(dir, 'large.csv'));
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page
      .getByText(`values of the first 2,000 of ${(ROWS + 1).toLocaleString('en-US')} rows looked at.`)
      .waitFor({ timeout: 60_000 });
    await expect(page.getByLabel('Leave out rows starting with (rule 1)').inputValue()).resolves.toBe(
      'TOTAL',
    );
    // The first answer came from the first rows; the wizard asked for the whole one by itself.
    expect(asked.map((payload) => (payload as { whole?: boolean }).whole)).toEqual([undefined, true]);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
