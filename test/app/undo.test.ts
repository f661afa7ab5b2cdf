/**
 * "Undo this import" in a real browser (issue 18, browser mode, Debian's Chromium) against the built-in
 * sandbox: a mistaken update of three requests (test/fixtures/app/undo-updates.csv) is sent, a clerk
 * then edits one of them in Trackops, and the results screen's "Undo this import" shows what would be
 * put back (now → before), the edited request as a conflict with both values, sends, and says what it
 * put back. The two requests no one touched hold their values from before the import again, byte for
 * byte but updated_at; the edited one is left as the clerk left it. Screenshots of the preview and the
 * results (docs/screenshots/ under `npm run screenshots`, else a temporary folder).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../sandbox/helpers.ts';
import { sendUndoUpdates, undoRequests } from './undo-updates.ts';
import { openBrowserSession, pngSize, screenshotsDir, type BrowserSession } from './browser-harness.ts';

const SCREENSHOTS = screenshotsDir();

let session: BrowserSession;
let page: Page;
const bridgeBodies: string[] = [];

async function shot(name: string) {
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  const size = pngSize(readFileSync(path));
  expect(size.width).toBe(1360);
  expect(size.height).toBeGreaterThanOrEqual(900);
}

/** Clicks a download button of the undo screen and reads the file the browser received. */
async function downloaded(button: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

describe('undo this import (browser)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/bridge/') && !response.url().endsWith('/events'))
        void response.text().then(
          (text) => bridgeBodies.push(text),
          () => {},
        );
    });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('an update sent, one request edited since, then undone: two put back, the edited one left alone', async () => {
    const sandbox = session.app.sandbox;
    const stored = () => undoRequests(sandbox);
    const before = await sendUndoUpdates(page, sandbox);

    // A clerk edits the third request in Trackops after the import.
    const edited = before[2]!;
    const answer = await call(sandbox, 'PUT', `/case/requests/${edited.id}`, {
      body: { casefile_request: { notes: 'Adjuster called: surveillance on Saturday only.' } },
    });
    expect(answer.status).toBe(200);
    const editedNow = structuredClone(stored()[2]!);

    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('heading', { name: 'Undo this import' }).waitFor();
    await page.getByRole('button', { name: 'Put back 2 requests' }).waitFor();
    const first = page.getByRole('list', { name: 'What row 2 puts back' });
    await expect(first.textContent()).resolves.toContain(`Aurora → ${before[0]!.client.city}`);
    await expect(first.textContent()).resolves.toContain(
      `Call the adjuster before any field work. → ${before[0]!.notes}`,
    );
    const conflict = page.getByRole('list', { name: 'Row 4 changed since' });
    await expect(conflict.textContent()).resolves.toBe(
      'Notes: this import set “Call the adjuster before any field work.”, Trackops now holds “Adjuster called: surveillance on Saturday only.”',
    );
    await page
      .getByText(
        /^1 request was changed in Trackops after this import. It is left as it is, so that change is not lost/,
      )
      .waitFor();
    // What to put back by hand: the value from before the import, not only ours and now (report 5, item 3).
    await expect(
      page.getByRole('list', { name: 'What row 4 held before the import' }).textContent(),
    ).resolves.toContain(`Notes before the import: “${before[2]!.notes}”`);
    // The preview sent nothing.
    expect(stored()[0]!.client.city).toBe('Aurora');
    await shot('10-undo-preview');
    // What the check found, downloaded as the CLI's `revert --results` writes it: one line per request.
    const previewCsv = await downloaded('CSV');
    expect(previewCsv.name).toBe('undo-updates-undo-results.csv');
    const lines = previewCsv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '_row,_status,_id,_case_request_number,_changes,_conflicts,_before_import,_message',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      `2,to_revert,${before[0]!.id}`,
      `3,to_revert,${before[1]!.id}`,
      `4,conflict,${before[2]!.id}`,
    ]);
    expect(lines[1]).toContain(`Aurora' → '${before[0]!.client.city}'`);

    await page.getByRole('button', { name: 'Put back 2 requests' }).click();
    await page.getByRole('heading', { name: 'Undo: results' }).waitFor({ timeout: 60_000 });
    await page.getByText('2 case requests hold their values from before the import again.').waitFor();
    await expect(
      page
        .getByRole('table', { name: 'Requests of this import' })
        .getByRole('cell', { name: 'Put back' })
        .count(),
    ).resolves.toBe(2);
    await shot('10-undo-results');
    const results = JSON.parse((await downloaded('JSON')).text);
    expect(results).toMatchObject({ dryRun: false, summary: { reverted: 2, conflict: 1 } });
    expect(results.rows.map((row: { status: string }) => row.status)).toEqual([
      'reverted',
      'reverted',
      'conflict',
    ]);
    expect(JSON.stringify(results)).not.toContain(session.app.sandbox.token);

    const after = stored();
    const { updated_at: _a, ...first0 } = after[0]!;
    const { updated_at: _b, ...firstBefore } = before[0]!;
    expect(JSON.stringify(first0)).toBe(JSON.stringify(firstBefore));
    const { updated_at: _c, ...second0 } = after[1]!;
    const { updated_at: _d, ...secondBefore } = before[1]!;
    expect(JSON.stringify(second0)).toBe(JSON.stringify(secondBefore));
    expect(JSON.stringify(after[2])).toBe(JSON.stringify(editedNow));

    await page.getByRole('button', { name: 'Back to results' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
  });

  it('no bridge answer carried the API token, and the page logged no errors', () => {
    expect(bridgeBodies.length).toBeGreaterThan(5);
    for (const body of bridgeBodies) expect(body).not.toContain(session.app.sandbox.token);
    expect(session.pageErrors).toEqual([]);
  });
});
