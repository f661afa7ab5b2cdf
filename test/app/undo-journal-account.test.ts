/**
 * "Undo this import" records the account in its journal, as the CLI's revert does (its journal header's
 * `account`, the one the send's journal records): an undo made in the app recorded none, so finishing
 * it from elsewhere was never checked against the account it wrote. In a real browser (browser mode,
 * Debian's Chromium) against the built-in sandbox kept in a data folder: the fixture's three updates
 * sent and undone from the results screen; the two journals then name the same practice account.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendUndoUpdates, undoRequests } from './undo-updates.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
let page: Page;
let dataDir: string;

interface Header {
  file: string;
  kind?: string;
  account?: string;
}

const headerOf = async (path: string) => JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!) as Header;

describe("the app's undo records the account in its journal (browser)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'app-undo-account-'));
    session = await openBrowserSession({ dataDir });
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the undo journal names the account the send journal names', async () => {
    const sandbox = session.app.sandbox;
    const before = await sendUndoUpdates(page, sandbox);
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('button', { name: 'Put back 3 requests' }).click();
    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    expect(undoRequests(sandbox).map((request) => request.client.city)).toEqual(
      before.map((request) => request.client.city),
    );

    const folder = join(dataDir, 'journals');
    const names = (await readdir(folder)).filter((name) => name.endsWith('.jsonl'));
    const headers = await Promise.all(names.map((name) => headerOf(join(folder, name))));
    const send = headers.filter((header) => header.kind !== 'revert');
    const undo = headers.filter((header) => header.kind === 'revert');
    expect(send).toHaveLength(1);
    expect(undo).toHaveLength(1);
    expect(send[0]!.account).toBe(`built-in sandbox ${join(dataDir, 'sandbox-account.json')}`);
    expect(undo[0]!.account).toBe(send[0]!.account);
    expect(session.pageErrors).toEqual([]);
  });
});
