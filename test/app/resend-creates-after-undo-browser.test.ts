/**
 * An import that created requests, undone from the app, then the same file and mapping sent again as a
 * new import, in a real browser (the bridge's own test: resend-creates-after-undo.test.ts). The API has
 * no delete, so the undo leaves the import's creates in the account: the refusal says so, and the new
 * import creates none of them a second time, its results naming each with why nothing was sent for it.
 * The undo screen starts an undo only when it has something to put back, so the import is an upsert:
 * two rows update requests an earlier import entered (put back by the undo), two create. Debian's
 * Chromium in browser mode against the app's built-in sandbox; rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let dir: string;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {} });
  dir = await mkdtemp(join(tmpdir(), 'app-resend-creates-browser-'));
}, 120_000);
afterAll(async () => {
  await session?.close();
});

it(
  'rule: after an undo that left its creates, "Send as a new import" creates none of them again and says why',
  { timeout: 180_000 },
  async () => {
    const { page } = session;
    const sandbox = session.app.sandbox;
    const cities = () =>
      sandbox
        .account()
        .case_requests.filter((request) => request.reference_value_1?.startsWith('RCB-'))
        // makeRows numbers each row's city ("Boulder 0"): the town is what moves.
        .map((request) => [request.case_request_number, request.client.city?.split(' ')[0]]);
    // The file's first two claims entered before (their carrier in Denver) by an import of their own.
    const earlier = join(dir, 'earlier.csv');
    makeRows(earlier, 2, 'RCB');
    const create = join(dir, 'create.json');
    await writeFile(create, await readFile(TEMPLATE));
    await page.getByRole('tab', { name: 'Import' }).click();
    await checkWithTemplate(page, earlier, create, 2);
    await page.getByRole('button', { name: 'Send 2 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });

    // The file: those two claims moved to Boulder (updates), and two claims new (creates).
    const file = join(dir, 'rows.csv');
    makeRows(file, 4, 'RCB', [], 'Boulder');
    const upsert = join(dir, 'upsert.json');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(upsert, JSON.stringify({ ...template, mode: 'upsert' }));
    await page.getByRole('button', { name: 'Import another file' }).click();
    await checkWithTemplate(page, file, upsert, 4);
    await page.getByRole('button', { name: 'Send 4 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const sent = cities();
    expect(sent.map(([, city]) => city)).toEqual(['Boulder', 'Boulder', 'Boulder', 'Boulder']);

    // Undone: the two updates put back, the two creates left (to close by hand).
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('button', { name: 'Put back 2 requests' }).click();
    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    await page.getByText('close or delete the 2 requests this import created in Trackops itself').waitFor();
    expect(cities().map(([, city]) => city)).toEqual(['Denver', 'Denver', 'Boulder', 'Boulder']);
    const requests = sandbox.account().case_requests.length;

    // The same file and mapping again: refused, naming the undo and the creates it left.
    await page.getByRole('button', { name: 'Back to results' }).click();
    await page.getByRole('button', { name: 'Import another file' }).click();
    await checkWithTemplate(page, file, upsert, 4);
    const writes = sandbox.stats().writesCommitted;
    // Two rows are written: the two creates the undo left would change nothing.
    await page.getByRole('button', { name: 'Send 2 rows', exact: true }).click();
    const refusal = page.locator('.notice', { hasText: 'that import was undone' });
    await refusal.waitFor({ timeout: 60_000 });
    const refused = await refusal.innerText();
    expect(refused).toContain(
      '2 requests put back; it left in the account the 2 requests it created: an undo cannot delete them',
    );
    expect(refused).toContain('they are not created a second time, and the results name them');
    expect(refused).not.toMatch(/--|command line|journal/);
    expect(sandbox.stats().writesCommitted).toBe(writes);

    // As a new import: the two put back are written again; the two the undo left are not created.
    await page.getByRole('button', { name: 'Send 2 rows as a new import' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const stat = (label: string) =>
      page.locator('.stat', { hasText: label }).first().locator('.n').innerText();
    expect(await stat('created')).toBe('0');
    expect(await stat('updated')).toBe('2');
    expect(sandbox.stats().writesCommitted).toBe(writes + 2);
    expect(sandbox.account().case_requests).toHaveLength(requests);
    expect(cities()).toEqual(sent);
    // Each create the undo left is named, with why nothing was sent for it.
    const rows = page.locator('table tbody tr');
    for (const [number] of sent.slice(2))
      expect(await rows.filter({ hasText: number! }).innerText()).toMatch(
        /Unchanged: Trackops already held these values, nothing sent/,
      );
    expect(session.pageErrors).toEqual([]);
  },
);
