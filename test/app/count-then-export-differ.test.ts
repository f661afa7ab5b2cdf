/**
 * Count, then Export, on an account that ignores the reference value filter (the sandbox's
 * `ignored-filters` dialect). Explored: the Count said "36 case requests match."; the export then held
 * the 1 that matches, and said why (Trackops listed 36, 35 of them another reference value), while the
 * line above still said "36 case requests match." Two numbers for one set of filters, the first false.
 * Now, once the export holds another number than the count, the count's line says it was Trackops'
 * count and how many the export holds. Browser mode in Debian's Chromium, its sandbox over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, dialects: ['ignored-filters'] },
  });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe('a count and the export it preceded hold different numbers', { timeout: 120_000 }, () => {
  it("the count's line says it was Trackops' count and what the export holds", async () => {
    const { page } = session;
    const requests = session.app.sandbox.account().case_requests;
    const wanted = requests[0]!.reference_value_1!;
    const matching = requests.filter((request) => request.reference_value_1 === wanted).length;
    expect(matching).toBe(1);
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Reference value 1').fill(wanted);
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page.getByText(`${requests.length} case requests match.`).waitFor();

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('1 case request is ready: save the file.').waitFor({ timeout: 60_000 });
    await page
      .getByText(
        `Trackops counted ${requests.length} case requests for these filters; the export holds 1 (below).`,
      )
      .waitFor();
    await expect(page.getByText(`${requests.length} case requests match.`).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
