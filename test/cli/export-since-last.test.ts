/**
 * `trackops-bulk export --since-last` as a user runs it (issue 18 point 3): a spawned CLI over real HTTP
 * against a sandbox in this process whose pages are capped at 25 (dialect cap-25). The CLI keeps its own
 * clock (the real one); the sandbox's clock is injected, so the test says when the server thinks a
 * request changed, before or after the CLI's exports, and whether the server's clock is behind ours.
 * The `check` that writes the profile the exports are given is set-up, run by its own code in this
 * process (`check --profile` as spawned is test/cli/rate-limit-header-token.test.ts's); every export
 * is spawned.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportHistory, TrackopsApi } from '../../core/index.ts';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../sandbox/index.ts';
import { hundredRequests, OLD } from '../export/since-last-account.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

const MINUTE = 60_000;
let sandbox: RunningSandbox;
let api: TrackopsApi;
let dir: string;
/** How far the server's clock is from the real one (negative: behind). */
let skew = 0;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await hundredRequests(),
    dialects: ['cap-25'],
    now: () => new Date(Date.now() + skew),
    onRequest: (entry) => log.push(entry),
  });
  api = sandboxApi(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'cli-since-last-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(command: string, args: string[], token = sandbox.token) {
  return runCli([command, ...args, '--rate', '500/s'], {
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: token,
  });
}

async function idsIn(file: string): Promise<number[]> {
  const book = XLSX.read(await readFile(join(dir, file)));
  const rows = XLSX.utils.sheet_to_json<{ id: string }>(book.Sheets['Case Requests']!, { raw: false });
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

const historyFile = () => join(dir, 'acme.export-history.json');
const readHistory = async () => JSON.parse(await readFile(historyFile(), 'utf8')) as ExportHistory;
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('trackops-bulk export --since-last', () => {
  it('exports everything the first time, then exactly the requests updated since; a failed export moves nothing', async () => {
    const profile = join(dir, 'acme.json');
    const checked = await cliInProcess(['check', '--profile', profile, '--rate', '500/s'], {
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    });
    expect(checked.stderr).toBe('');

    // 1. First use: no earlier export of this connection and preset, so every request, with a note.
    const since = ['--since-last', '--columns', 'round-trip', '--profile', profile];
    const first = await cli('export', ['--out', join(dir, 'first.xlsx'), ...since]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      'no earlier --since-last export of this connection with --columns round-trip and these filters, so every matching request is exported',
    );
    expect(first.stdout).toContain(
      'Exported 100 case requests (no earlier --since-last export: every request)',
    );
    expect(await idsIn('first.xlsx')).toHaveLength(100);
    // Kept beside the profile, keyed by the account, user, preset and filters.
    const kept = await readHistory();
    expect(kept.exports).toHaveLength(1);
    expect(kept.exports[0]).toMatchObject({
      account: sandbox.baseUrl,
      user: sandbox.username,
      preset: 'round-trip',
      filters: {},
      updatedFrom: null,
      rows: 100,
    });
    const firstStarted = Date.parse(kept.exports[0]!.startedAt);
    // And when it began by the server's clock, as the count's answer stated it (its Date header, whole
    // seconds): where the next window starts (explore 25 item 1).
    const serverStarted = Date.parse(kept.exports[0]!.serverStartedAt!);
    expect(serverStarted % 1000).toBe(0);
    expect(Math.abs(serverStarted - firstStarted)).toBeLessThan(5000);

    // 2. Then 30 requests change (more than a page), one of them on a server 4 minutes behind ours.
    const ids = sandbox.account().case_requests.map((record) => record.id);
    const changed = ids.filter((_, index) => index % 3 === 0).slice(0, 30);
    for (const id of changed.slice(1))
      expect((await api.updateCaseRequest(id, { notes: `changed ${id}` })).status).toBe(200);
    skew = -4 * MINUTE;
    await api.updateCaseRequest(changed[0]!, { notes: 'changed on a server 4 minutes behind' });
    skew = 0;
    expect(sandbox.account().case_requests.filter((record) => record.updated_at !== OLD)).toHaveLength(30);

    // 3. An export that fails (its name is taken by a folder: refused before the first request since
    // every output path is checked up front) records nothing.
    const before = await readFile(historyFile(), 'utf8');
    await mkdir(join(dir, 'taken.xlsx', 'inside'), { recursive: true });
    const failed = await cli('export', ['--out', join(dir, 'taken.xlsx'), ...since]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^trackops-bulk: export: --out '.*taken\.xlsx' is a folder/);
    // ...and one the account refuses once it has started asking (a token revoked): exit 3, nothing kept.
    const refused = await cli('export', ['--out', join(dir, 'refused.xlsx'), ...since], 'revoked');
    expect(refused.code).toBe(3);
    await expect(stat(join(dir, 'refused.xlsx'))).rejects.toThrow();
    expect(await readFile(historyFile(), 'utf8')).toBe(before);

    // 4. The second since-last export: exactly the 30, from 5 minutes before the first one began,
    // read across page boundaries at the server's page size.
    log.length = 0;
    const second = await cli('export', ['--out', join(dir, 'second.xlsx'), ...since, '--json']);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { rows: number; sinceLast: Record<string, string> };
    expect(summary.rows).toBe(30);
    // From the earlier of the two clocks' starts (since-last.ts): the server's whole-second Date header
    // can fall after this computer's start on a busy machine, the window then starts at the latter.
    const windowStart = Math.min(serverStarted, firstStarted);
    // And 12 hours earlier still: nothing seen from this computer showed the zone Trackops stamps in
    // (no write of the tool, no stamp fresh enough in the first export: all are OLD), and a server
    // stamping local time west of UTC would read the window hours late (stamp-zone.ts).
    expect(summary.sinceLast.updatedFrom).toBe(timestamp(windowStart - 5 * MINUTE - 12 * 60 * MINUTE));
    expect(second.stderr.split('starts 12 hours earlier')).toHaveLength(2);
    expect(summary.sinceLast.previousStartedAt).toBe(new Date(windowStart).toISOString());
    expect(await idsIn('second.xlsx')).toEqual([...changed].sort((a, b) => a - b));
    const pages = log.filter(
      (entry) => entry.url.startsWith('/api/v1/case/requests?') && !entry.url.includes('mode=count'),
    );
    // Pinned (list-all.ts): the part up to 5 minutes before the server's time (updated_to) is counted,
    // and holds nothing; with a start of its own, its page is not asked (a count of 0 is never believed
    // alone: what came since is read from the window's own start instead). There the 30 are: more than
    // a page, so read in windows of time, each one answer, cut where a page ended.
    const asked = pages.map((entry) => new URL(entry.url, 'http://x').searchParams);
    const pinCounts = log.filter(
      (entry) => entry.url.includes('mode=count') && entry.url.includes('updated_to='),
    );
    expect(pinCounts.length).toBeGreaterThanOrEqual(1);
    expect(asked.every((query) => query.get('updated_from')! >= summary.sinceLast.updatedFrom!)).toBe(true);
    // 6 pages when the 29 fall in one second (the usual case); a second boundary among them costs a
    // window or two more (halving the window's time cost 28 pages in test/export/since-last.test.ts).
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.length).toBeLessThanOrEqual(11);
    const info = XLSX.utils.sheet_to_json<string[]>(
      XLSX.read(await readFile(join(dir, 'second.xlsx'))).Sheets['Export info']!,
      { header: 1, raw: false },
    );
    expect(info.find((row) => row[0] === 'Updated from (UTC)')?.[1]).toContain(summary.sinceLast.updatedFrom);
    const after = await readHistory();
    expect(after.exports).toHaveLength(1);
    expect(after.exports[0]!.updatedFrom).toBe(summary.sinceLast.updatedFrom);
    expect(Date.parse(after.exports[0]!.startedAt)).toBeGreaterThan(firstStarted);

    // 5. That export read requests changed moments before (the 30): no server stamping local time west
    // of UTC writes such stamps, and this computer remembers it. The next window is the clocks' alone.
    const third = await cli('export', ['--out', join(dir, 'third.xlsx'), ...since, '--json']);
    expect(third.code, third.stderr).toBe(0);
    const thirdWindow = (JSON.parse(third.stdout) as { sinceLast: Record<string, string> }).sinceLast;
    expect(thirdWindow.updatedFrom).toBe(timestamp(Date.parse(thirdWindow.previousStartedAt!) - 5 * MINUTE));
    expect(third.stderr).not.toContain('12 hours earlier');
  }, 90_000);

  it('with --updated-from or --updated-to is a usage error, before any request', async () => {
    log.length = 0;
    for (const flag of ['--updated-from', '--updated-to']) {
      const run = await cli('export', ['--out', join(dir, 'x.xlsx'), '--since-last', flag, 'today']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `trackops-bulk: export: --since-last sets the updated window itself (from the last export to now); leave out ${flag}, or use --updated-from/--updated-to without --since-last\n`,
      );
    }
    expect(log).toEqual([]);
    await expect(stat(join(dir, 'x.xlsx'))).rejects.toThrow();
  });

  it('a history that cannot be kept is said in --json too: kept false, why, and where to point it', async () => {
    // Explore 59 item 5: a service account whose home cannot be written exported everything every
    // night, exit 0, and the JSON never said why. A folder under a plain file cannot be made, even by root.
    const plain = join(dir, 'not-a-folder');
    await writeFile(plain, 'a file, not a folder');
    const env = {
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
      TRACKOPS_EXPORT_HISTORY: join(plain, 'history.json'),
    };
    for (const night of [1, 2]) {
      const run = await runCli(
        ['export', '--out', join(dir, `night-${night}.csv`), '--since-last', '--json', '--rate', '500/s'],
        env,
      );
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        rows: number;
        notes: string[];
        sinceLast: { kept: boolean };
      };
      expect(summary.rows).toBe(100);
      expect(summary.sinceLast.kept).toBe(false);
      const [first, lost] = summary.notes.slice(-2);
      // Not "the next --since-last export holds only what changed": it will not.
      expect(first).toBe(
        'no earlier --since-last export of this connection with --columns report and these filters, so every matching request is exported',
      );
      expect(lost).toContain(
        `the file is complete, but the time of this export could not be kept in ${join(plain, 'history.json')}`,
      );
      expect(lost).toContain(
        'the next --since-last export exports every matching request again. Set TRACKOPS_EXPORT_HISTORY to a file in a folder this user can write, or give --profile FILE (the history is then kept beside it)',
      );
      // stderr says the same notes, once each.
      expect(run.stderr).toContain(`export: note: ${lost}`);
      expect(run.stderr).not.toContain('holds only what changed');
    }
    // Kept: the first export says the next one holds only what changed, and the JSON says kept.
    const kept = await runCli(
      ['export', '--out', join(dir, 'kept.csv'), '--since-last', '--json', '--rate', '500/s'],
      {
        ...env,
        TRACKOPS_EXPORT_HISTORY: join(dir, 'kept-history.json'),
      },
    );
    const summary = JSON.parse(kept.stdout) as { notes: string[]; sinceLast: { kept: boolean } };
    expect(summary.sinceLast.kept).toBe(true);
    expect(summary.notes.at(-1)).toContain(
      '; the next --since-last export holds only what changed after this one began',
    );
  });

  it('a damaged history file is refused naming it, before any request', async () => {
    const history = join(dir, 'damaged-history.json');
    await writeFile(history, '{ not json');
    log.length = 0;
    const run = await runCli(['export', '--out', join(dir, 'y.xlsx'), '--since-last'], {
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
      TRACKOPS_EXPORT_HISTORY: history,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${history} (where --since-last keeps the time of each export) is not JSON`);
    expect(log).toEqual([]);
  });
});
