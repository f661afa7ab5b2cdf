/**
 * An update's checks for changes while it sends do not pay for the run's own writes (explore 56 item 2):
 * each check lists the requests updated in its window (since 5 minutes before the last check), which
 * holds every request this run updated in that time. The run knows each write's answered updated_at,
 * so a check whose count equals its own writes, and whose first page holds only those as answered,
 * costs its two requests (count and first page), however long the run. A colleague's edit in the window
 * is not taken for one of the run's writes: the check lists the window whole, and the row whose field
 * moved is a conflict, never overwritten. Spawned CLI runs over real HTTP, counted by the sandbox; the
 * sheets written by Python's csv module.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { importCli } from './import-helpers.ts';
import { NOTES_BY_CLAIM, bigClaim, largeAccount, sandboxEnv, type LoggedSandbox } from './large-account.ts';

/** Rows enough that the run's own writes fill more than two pages of a check's window (100 a page). */
const ROWS = 250;

/** The checks made while sending: the requests of each (a check begins with its count of `updated_from`). */
function checks(urls: LoggedSandbox['urls']): number[] {
  const costs: number[] = [];
  for (const { method, url } of urls) {
    if (method !== 'GET' || !/[?&]updated_from=/.test(url)) continue;
    if (/[?&]mode=count/.test(url) || costs.length === 0) costs.push(1);
    else costs[costs.length - 1]! += 1;
  }
  return costs;
}

async function updateRun(prefix: string) {
  const logged = await largeAccount(ROWS);
  const dir = await mkdtemp(join(tmpdir(), `update-checks-${prefix}-`));
  writeCsvByPython(join(dir, 'upd.csv'), [
    ['Claim #', 'Instructions'],
    ...Array.from({ length: ROWS }, (_, index) => [bigClaim(index), `follow up ${index}`]),
  ]);
  await writeFile(join(dir, 'upd.json'), JSON.stringify(NOTES_BY_CLAIM));
  const args = ['upd.csv', '--mapping', 'upd.json', '--rate', '1000/s', '--results', 'res.json', '--json'];
  return { ...logged, dir, args };
}

describe("an update's checks while sending", () => {
  it("cost two requests each when only the run's own writes changed (6 checks of 250 rows: 12 requests)", async () => {
    const { sandbox, urls, dir, args } = await updateRun('own');
    try {
      const run = await importCli(args, dir, sandboxEnv(sandbox));
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ rows: ROWS, updated: ROWS, failed: 0 });
      // One check per 40 rows sent, the first after the 40th; the last ones' windows hold 200-240 writes.
      expect(checks(urls)).toEqual([2, 2, 2, 2, 2, 2]);
      expect(urls.filter(({ method }) => method === 'PUT')).toHaveLength(ROWS);
    } finally {
      await sandbox.close();
    }
  });

  it("a colleague's edit in the window is seen: that row is a conflict, the colleague's note kept", async () => {
    const { sandbox, urls, dir, args } = await updateRun('colleague');
    const last = sandbox.account().case_requests.at(-1)!;
    let edited: Promise<Response> | null = null;
    const puts = () => urls.filter(({ method }) => method === 'PUT').length;
    try {
      const run = importCli(args, dir, sandboxEnv(sandbox));
      // The colleague edits the last row's request once the run has written 100 rows, before its check
      // at 120 (a write of the test's own, straight to the sandbox).
      for (let waited = 0; puts() < 100; waited += 5) {
        if (waited > 60_000) throw new Error('the run never wrote 100 rows');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      edited = fetch(`${sandbox.baseUrl}/case/requests/${last.id}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        },
        body: JSON.stringify({ casefile_request: { notes: 'Called the adjuster' } }),
      });
      expect((await edited).status).toBe(200);
      const done = await run;
      expect(done.code).toBe(1);
      expect(JSON.parse(done.stdout)).toMatchObject({ rows: ROWS, updated: ROWS - 1, failed: 1 });
      expect(sandbox.account().case_requests.at(-1)!.notes).toBe('Called the adjuster');
      // Checks after the edit read their window whole (more than two requests), as before.
      expect(checks(urls).some((requests) => requests > 2)).toBe(true);
    } finally {
      await edited?.catch(() => undefined);
      await sandbox.close();
    }
  });
});
