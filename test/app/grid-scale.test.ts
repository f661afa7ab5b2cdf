/**
 * "A virtualized grid of every row that stays smooth at 100,000 rows": a 100k-row CSV written by
 * Python's csv module is dry-run in the browser; the grid keeps only the rows in view in the DOM,
 * reaches the last row, and stays that way at every step of a scroll to the end (frame times are the
 * benchmark's to measure, not a test's to assert).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

const ROWS = 100_000;
const CLEAN = fileURLToPath(new URL('../../samples/referrals-clean.csv', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

/** The clean sample's rows repeated with unique claim numbers, every 10th with a bad email. */
const MAKE_CSV = `
import csv, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
email = header.index('Adjuster Email')
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(n):
        row = list(body[i % len(body)])
        row[0] = 'BIG-%06d' % i
        if i % 10 == 9:
            row[email] = 'not-an-email'
        w.writerow(row)
`;

describe('dry-run grid at 100,000 rows', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let csvPath: string;

  beforeAll(async () => {
    csvPath = join(await mkdtemp(join(tmpdir(), 'grid-scale-')), 'referrals-100k.csv');
    runPython(MAKE_CSV, [CLEAN, csvPath, String(ROWS)]);
    session = await openBrowserSession();
  }, 120_000);
  afterAll(() => session?.close());

  it('checks every row, renders only what is in view, scrolls to the last row smoothly', async () => {
    const { page } = session;
    await page.setInputFiles('#file-input', csvPath);
    await page.getByRole('button', { name: 'Next: match columns' }).click({ timeout: 60_000 });
    await page.setInputFiles('#template-file', TEMPLATE);
    await page.getByText(/^Loaded template/).waitFor();
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('button', { name: /^Next: send 90,000 valid rows$/ }).waitFor({ timeout: 90_000 });
    await expect(page.locator('.stat .n').first().textContent()).resolves.toBe('100,000');
    await expect(page.locator('.stat.bad .n').textContent()).resolves.toBe('10,000');

    const grid = page.getByRole('grid', { name: 'Rows of the dry run' });
    // The grid asks for its first page after the summary shows: on a loaded machine that answer comes later.
    await page.waitForFunction(
      (count) =>
        document
          .querySelector('[role="grid"][aria-label="Rows of the dry run"]')
          ?.getAttribute('aria-rowcount') === count,
      String(ROWS + 1),
      { timeout: 30_000 },
    );
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe(String(ROWS + 1));
    expect(await page.locator('.vgrid-row').count()).toBeLessThan(60);

    // Scroll through the whole grid in steps: at every step only what is in view is rendered (how smooth
    // that feels is measured by the benchmark, never asserted here: a test does not judge wall-clock time).
    const rendered = await page.evaluate(async () => {
      const scroller = document.querySelector('.vgrid') as HTMLElement;
      const counts: number[] = [];
      for (let step = 1; step <= 40; step++) {
        scroller.scrollTop = (scroller.scrollHeight * step) / 40;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        counts.push(document.querySelectorAll('.vgrid-row').length);
      }
      return counts;
    });
    expect(rendered).toHaveLength(40);
    for (const count of rendered) expect(count).toBeLessThan(60);
    await page.locator('.vgrid-row', { hasText: 'BIG-099999' }).waitFor();
    expect(await page.locator('.vgrid-row').count()).toBeLessThan(60);
  });
});
