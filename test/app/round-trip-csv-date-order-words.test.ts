/**
 * A round-trip CSV a spreadsheet saved with its dates in the US short form (M/D/YYYY), whose dates all
 * read both ways: a read-only date that is the stored day in one reading is taken as unedited, and its
 * note says how to set the file's order. The CLI's words named the column's date format; in the app
 * the note names the Columns step's "Date format of text dates" box. Browser mode driven through
 * Debian's Chromium against the built-in sandbox; the CSV exported by the CLI from that sandbox and
 * saved as the spreadsheet does by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let dir = '';

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {} });
  dir = await mkdtemp(join(tmpdir(), 'app-short-dates-'));
}, 120_000);
afterAll(() => session?.close());

/** Request 11's row of the round-trip CSV (every date's day 12 or less), its ISO dates as M/D/YYYY. */
function saveShortForms(source: string, out: string): void {
  const script = [
    'import csv,re,sys',
    'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
    'h={n:k for k,n in enumerate(rows[0])}',
    'def short(v):',
    '  m=re.fullmatch(r"(\\d{4})-(\\d{2})-(\\d{2})( (\\d{2}):(\\d{2}):\\d{2})?",v)',
    '  if not m: return v',
    '  return f"{int(m[2])}/{int(m[3])}/{m[1]}"+(f" {int(m[5])}:{m[6]}" if m[4] else "")',
    'keep=[r for r in rows[1:] if r[h["id"]]=="11"]',
    'for r in keep: r[:]=[short(v) for v in r]',
    'csv.writer(open(sys.argv[2],"w",encoding="utf-8-sig",newline=""),lineterminator="\\r\\n").writerows([rows[0]]+keep)',
  ].join('\n');
  runPython(script, [source, out]);
}

describe("the app's words for a round-trip CSV's date read in one order of two", { timeout: 180_000 }, () => {
  it("the row's note names the Columns step's date format box, not the CLI's words", async () => {
    const { page, app } = session;
    const exported = join(dir, 'rt.csv');
    const run = await runCli(
      [
        'export',
        '--out',
        exported,
        '--columns',
        'round-trip',
        '--url',
        app.sandbox.baseUrl,
        '--user',
        app.sandbox.username,
      ],
      { TRACKOPS_TOKEN: app.sandbox.token },
    );
    expect(run.code, run.stderr).toBe(0);
    const saved = join(dir, 'rt-saved.csv');
    saveShortForms(exported, saved);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    await page.setInputFiles('#file-input', saved);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    const row = page.locator('.vgrid-row').first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    const notes = page.getByRole('list', { name: 'Notes on row 2' });
    const words = (await notes.textContent()) ?? '';
    expect(words).toContain('is taken as the day REQ-00011 holds');
    expect(words).toContain(
      "If the file's dates are written the other way, set the column’s “Date format of text dates” on the Columns step to that order (M/D/YYYY or D/M/YYYY)",
    );
    // An unedited date's other reading (spreadsheet_reformatted) names the same box.
    expect(words).toContain(
      'read the other way, it would be January 7, 2026: if that is meant, set the column’s “Date format of text dates” on the Columns step',
    );
    expect(words).not.toContain("set the column's date format");
    expect(session.pageErrors).toEqual([]);
  });
});
