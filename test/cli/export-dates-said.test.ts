/**
 * Explore 25 item 3: `export --created-from today` asks for the day on this computer's calendar (its
 * time zone), not the UTC day, and says which day that was, on stderr and in --json. A spawned CLI in
 * a time zone far from UTC (TZ in its environment) against a sandbox process over real HTTP.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;
let dir: string;
let sandboxProcess: ChildProcess;
let connection: { url: string; user: string; token: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-export-dates-'));
  sandboxProcess = spawn(process.execPath, [
    bin,
    'sandbox',
    '--data',
    join(dir, 'account.json'),
    '--rate',
    '1000/s',
  ]);
  const first = await new Promise<string>((resolve, reject) => {
    sandboxProcess.once('error', reject);
    createInterface({ input: sandboxProcess.stdout! }).once('line', resolve);
  });
  const match = /listening on (\S+) user=(\S+) token=(\S+)/.exec(first)!;
  connection = { url: match[1]!, user: match[2]!, token: match[3]! };
});
afterAll(async () => {
  sandboxProcess.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

/** The day a calendar in `timeZone` shows now, as YYYY-MM-DD. */
function dayIn(timeZone: string, offsetDays = 0): string {
  const [month, day, year] = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(new Date())
    .split('/');
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + offsetDays));
  return date.toISOString().slice(0, 10);
}

describe('export: relative dates are the days of this computer, and said', () => {
  // UTC+14 and UTC-12: at any hour, one of them is on another day than UTC, so the test tells them apart.
  for (const zone of ['Pacific/Kiritimati', 'Etc/GMT+12']) {
    it(`in ${zone}, "today" and "yesterday" are that calendar's days, named on stderr and in --json`, async () => {
      const result = await run(
        process.execPath,
        [
          bin,
          'export',
          '--out',
          join(dir, `${zone.replace('/', '-')}.csv`),
          '--created-from',
          'yesterday',
          '--created-to',
          'today',
          '--json',
          '--rate',
          '200/s',
        ],
        {
          cwd: dir,
          env: {
            ...process.env,
            TZ: zone,
            TRACKOPS_URL: connection.url,
            TRACKOPS_USER: connection.user,
            TRACKOPS_TOKEN: connection.token,
          },
        },
      );
      const today = dayIn(zone);
      const yesterday = dayIn(zone, -1);
      // The day may turn between the command and this line: then the test says so rather than pass wrongly.
      expect(today, 'the day turned during the test').toBe(dayIn(zone));
      expect(JSON.parse(result.stdout)).toMatchObject({
        timeZone: zone,
        dates: [
          { flag: '--created-from', given: 'yesterday', sent: yesterday },
          { flag: '--created-to', given: 'today', sent: today },
        ],
      });
      expect(result.stderr).toContain(
        `export: note: dates on this computer's calendar (${zone}, today ${today}): --created-from yesterday = ${yesterday}, --created-to today = ${today}`,
      );
    });
  }
});
