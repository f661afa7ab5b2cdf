/**
 * What a person waits for in the app (issue 13 point 3), in browser mode (`npm run web`'s server and
 * Debian's Chromium, through the end-to-end tests' harness), connected to the built-in sandbox as the
 * app opens. Each wait is timed inside the page: from the event the person causes (the file chosen, a
 * click) to the first frame after the screen shows the answer (a MutationObserver sees it, then the
 * next animation frame and a task, so the frame was painted). Prints one JSON line.
 *
 *   node --import tsx bench/children/app.ts DIR RUNS ROWS SCROLL_ROWS
 *
 * DIR holds referrals.xlsx (ROWS rows), scroll.csv (SCROLL_ROWS rows) and mapping.json (written by the
 * benchmark with bench/generate.ts and bench/layout.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowserSession } from '../../test/app/browser-harness.ts';

const [dir, runsText, rowsText, scrollRowsText] = process.argv.slice(2);
if (!dir || !runsText) throw new Error('usage: app.ts DIR RUNS ROWS SCROLL_ROWS');
const runs = Number(runsText);
const xlsx = join(dir, 'referrals.xlsx');
const scrollCsv = join(dir, 'scroll.csv');
const mapping = join(dir, 'mapping.json');

/** What must be on screen: every part holds. */
type Condition = { selector: string; pattern?: string; absent?: boolean }[];

/** Runs in the page: sets window.benchTiming to the wait's milliseconds. */
const WATCH = `function (event, condition) {
  function holds() {
    return condition.every(function (part) {
      var found = Array.prototype.some.call(document.querySelectorAll(part.selector), function (element) {
        return !part.pattern || new RegExp(part.pattern).test(element.textContent || '');
      });
      return part.absent ? !found : found;
    });
  }
  window.benchTiming = new Promise(function (resolve) {
    var start = null;
    var done = false;
    var observer = new MutationObserver(check);
    function check() {
      if (done || start === null || !holds()) return;
      done = true;
      observer.disconnect();
      var began = start;
      requestAnimationFrame(function () {
        setTimeout(function () { resolve(performance.now() - began); });
      });
    }
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener(event, function () {
      if (start === null) start = performance.now();
      queueMicrotask(check);
    }, { capture: true, once: true });
  });
}`;

/** Milliseconds from `event` (fired by `act`) to the painted frame where `condition` holds. */
async function timed(
  page: Page,
  event: 'change' | 'click',
  condition: Condition,
  act: () => Promise<unknown>,
): Promise<number> {
  // As text: tsx would wrap named functions in a helper the page does not have.
  await page.evaluate(`(${WATCH})(${JSON.stringify(event)}, ${JSON.stringify(condition)})`);
  await act();
  return page.evaluate(() => (window as unknown as { benchTiming: Promise<number> }).benchTiming);
}

const SHEET_SHOWN: Condition = [
  { selector: '[aria-label="Preview of the data rows"] tbody tr' },
  { selector: 'button.btn.primary:not([disabled])', pattern: '^Next: match columns$' },
];
const MAPPING_SHOWN: Condition = [
  { selector: 'h2', pattern: '^Match your columns to Trackops fields$' },
  { selector: '*', pattern: '^[1-9][\\d,]* of \\d+ columns will be imported$' },
];
const DRY_RUN_SHOWN: Condition = [
  { selector: '.vgrid-row' },
  { selector: 'button.btn.primary:not([disabled])', pattern: '^Next: send [\\d,]+ valid rows?$' },
];

async function openFile(page: Page, path: string) {
  const load = await timed(page, 'change', SHEET_SHOWN, () => page.setInputFiles('#file-input', path));
  const suggest = await timed(page, 'click', MAPPING_SHOWN, () =>
    page.getByRole('button', { name: 'Next: match columns' }).click(),
  );
  await page.setInputFiles('#template-file', mapping);
  await page.getByText(/^Loaded template/).waitFor();
  return { load, suggest };
}

async function dryRun(page: Page) {
  return timed(page, 'click', DRY_RUN_SHOWN, () =>
    page.getByRole('button', { name: 'Check every row (dry run)' }).click(),
  );
}

/** Fixes the email of the `nth` row with errors ('bob@' in the generated files) and times the re-check. */
async function fix(page: Page, nth: number): Promise<number> {
  const errorsOnly = page.getByLabel('Show only rows with errors');
  if (!(await errorsOnly.isChecked())) await errorsOnly.check();
  const row = page.locator('.vgrid-row', { hasText: 'bob@' }).nth(nth);
  await row.click();
  const input = page.getByLabel(/^New value for Adjuster Email in row \d+$/);
  const label = (await input.getAttribute('aria-label'))!;
  await input.fill(`fixed${nth}@carrier.example`);
  return timed(page, 'click', [{ selector: `[aria-label="${label}"]`, absent: true }], () =>
    page
      .locator('.fix-line', { has: page.getByLabel(label) })
      .getByRole('button', { name: 'Apply' })
      .click(),
  );
}

/** Frame-to-frame times while the grid scrolls from top to bottom, one step per frame. */
async function scrollFrames(page: Page, steps: number): Promise<number[]> {
  return page.evaluate(`(async function (steps) {
    var scroller = document.querySelector('.vgrid');
    scroller.scrollTop = 0;
    function frame() {
      return new Promise(function (resolve) { requestAnimationFrame(resolve); });
    }
    var last = await frame();
    var times = [];
    for (var step = 1; step <= steps; step++) {
      scroller.scrollTop = (scroller.scrollHeight * step) / steps;
      var now = await frame();
      times.push(now - last);
      last = now;
    }
    return times;
  })(${steps})`);
}

async function backToFile(page: Page) {
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
}

const session = await openBrowserSession();
try {
  const { page } = session;
  page.setDefaultTimeout(180_000);
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  const result = {
    rows: Number(rowsText),
    scrollRows: Number(scrollRowsText),
    load: [] as number[],
    suggest: [] as number[],
    dryRun: [] as number[],
    fix: [] as number[],
    scrollDryRun: 0,
    fixLarge: [] as number[],
    frames: [] as number[],
  };
  for (let run = 0; run < runs; run++) {
    const opened = await openFile(page, xlsx);
    result.load.push(opened.load);
    result.suggest.push(opened.suggest);
    result.dryRun.push(await dryRun(page));
    result.fix.push(await fix(page, 0));
    await backToFile(page);
  }
  await openFile(page, scrollCsv);
  result.scrollDryRun = await dryRun(page);
  for (let run = 0; run < runs; run++) result.frames.push(...(await scrollFrames(page, 120)));
  for (let run = 0; run < runs; run++) result.fixLarge.push(await fix(page, run));
  if (session.pageErrors.length) throw new Error(`the page logged errors: ${session.pageErrors.join('; ')}`);
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await session.close();
}
