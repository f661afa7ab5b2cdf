/**
 * "Undo this import" finished after an earlier start was cut off while its put-back of row 2 was on
 * the wire (the app closed: the undo's journal holds that PUT's intent, no answer): the put-back may
 * still land, so the undo reads that request back only once its settle window (the timeout plus 2
 * minutes after it left) has passed. The undo screen says so while it waits: what it waits for and until
 * when, in the app's words, as the send's screen does; then it decides and says what it put back.
 *
 * In a real browser (browser mode, Debian's Chromium) against the built-in sandbox kept in a data folder.
 * The update sheet is test/fixtures/app/undo-updates.csv; the cut-off start is the undo journal the app
 * reads, written through core's journal (as the app's own start writes it) with row 2's intent left
 * 140 s before, so that 10 s of its window are left.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, readJournalHeader, readRevertSource, sha256 } from '../../core/index.ts';
import { thisProcess } from '../../main/session/journal-owner.ts';
import { sendUndoUpdates, undoRequests } from './undo-updates.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

/** The app's window after a PUT without an answer: its default 30 s timeout plus 2 minutes. */
const WINDOW_MS = 150_000;

let session: BrowserSession;
let page: Page;
let dataDir: string;

describe("the undo screen says its wait for an earlier put-back's window", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'app-undo-wait-'));
    session = await openBrowserSession({ dataDir });
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('waits, saying for which request and until when; then puts every request back', async () => {
    const sandbox = session.app.sandbox;
    const stored = () => undoRequests(sandbox);
    const before = await sendUndoUpdates(page, sandbox);

    // An earlier start of the undo, cut off while row 2's put-back was on the wire 140 s ago.
    const journals = join(dataDir, 'journals');
    let importJournal = '';
    for (const name of await readdir(journals))
      if (name.endsWith('.jsonl') && (await readJournalHeader(join(journals, name)))?.kind !== 'revert')
        importJournal = join(journals, name);
    const source = await readRevertSource(importJournal, sha256);
    const undoJournal = await openJournal(
      importJournal.replace(/(\.jsonl)?$/i, '.revert.jsonl'),
      {
        file: source.path,
        fileHash: source.hash,
        mappingHash: 'revert',
        mode: source.header.mode,
        kind: 'revert',
      },
      { resume: true, owner: thisProcess() },
    );
    const leftAt = Date.now() - WINDOW_MS + 10_000;
    await undoJournal.intent({ row: 2, op: 'update', id: before[0]!.id, at: new Date(leftAt).toISOString() });
    await undoJournal.close();

    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('heading', { name: 'Undo this import' }).waitFor();
    await page.getByRole('button', { name: 'Put back 3 requests' }).click();
    const wait = page.getByText(/^Waiting \d+ s \(until \d\d:\d\d:\d\d\) before reading REQ-\d+ back/);
    await wait.waitFor({ timeout: 30_000 });
    const said = (await wait.textContent())!;
    expect(said).toMatch(
      new RegExp(
        `^Waiting \\d+ s \\(until ${clock(leftAt + WINDOW_MS)}\\) before reading ${before[0]!.case_request_number} back: ` +
          `row 2's earlier put-back left at ${clock(leftAt)} without an answer and Trackops may still be storing it, ` +
          'so deciding now could send it again on top of a later change, or miss that it landed\\. ' +
          'If the app is closed meanwhile, it stays in doubt: “Finish the undo” reads it back before it is ever sent again\\.$',
      ),
    );
    expect(said).not.toContain('--resume');
    // The other two are put back meanwhile; row 2's request still holds the import's values.
    await page.getByText('2 of 3 requests done').waitFor();
    expect(stored()[0]!.client.city).toBe('Aurora');

    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    await expect(wait.count()).resolves.toBe(0);
    await page.getByText('3 case requests hold their values from before the import again.').waitFor();
    for (const [index, request] of stored().entries())
      expect(request.client.city).toBe(before[index]!.client.city);
    expect(session.pageErrors).toEqual([]);
  });
});

/** "10:42:07", this computer's clock (as the app says times). */
function clock(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}
