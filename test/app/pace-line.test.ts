/**
 * The Connection screen's pace line follows only a pace the form accepts (explore 14 item 8: a box
 * holding -1 said "At -1 per second, 1,000 rows take under a minute", and one holding 0 said "At 1 per
 * second"): a value the form would refuse on save is said to be unusable, with what to enter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {} });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe('the pace line under "Requests per second"', { timeout: 60_000 }, () => {
  it('works out only a pace from 0.1 to 50, and names any other value as unusable', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Add account…' }).click();
    const box = page.getByLabel('Requests per second');
    const line = page.getByText(/^Every request to this account keeps this pace/);
    const saidFor = async (typed: string) => {
      await box.fill(typed);
      return (await line.textContent()) ?? '';
    };

    expect(await saidFor('1')).toContain('At 1 per second, 1,000 rows take about 17 min.');
    expect(await saidFor('2.5')).toContain('At 2.5 per second, 1,000 rows take about 7 min.');
    expect(await saidFor('50')).toContain('At 50 per second, 1,000 rows take under a minute.');
    for (const refused of ['-1', '0', '0.05', '60']) {
      const said = await saidFor(refused);
      expect(said).toContain(
        `"${refused}" is not a pace the app can use: enter a number of requests per second from 0.1 to 50, e.g. 1 or 2.5.`,
      );
      expect(said).not.toMatch(/\bAt -?[\d.]+ per second/);
    }
    expect(await saidFor('')).toContain(
      'No pace is set: enter a number of requests per second from 0.1 to 50, e.g. 1 or 2.5.',
    );
    expect(session.pageErrors).toEqual([]);
  });
});
