/**
 * Explore 57 item 3: `export --created-from-system start-of-last-month --created-to-system
 * end-of-last-month` asks for last month on this computer's calendar, from its first second to its
 * last here, sent in UTC; sent as whole UTC days, an export run in Los Angeles left out a request
 * entered at 23:30 on the month's last day, while the note called the bounds Los Angeles days. A
 * spawned CLI (TZ in its environment) against a sandbox process over real HTTP, whose account holds
 * a request entered at 23:30 Los Angeles time on last month's last day and one at 00:30 on this
 * month's first.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;
const demo = new URL('../../samples/demo-account.json', import.meta.url).pathname;
const ZONE = 'America/Los_Angeles';
let dir: string;
let sandboxProcess: ChildProcess;
let connection: { url: string; user: string; token: string };

/** The UTC `YYYY-MM-DD HH:MM:SS` of a wall-clock time in ZONE (two passes over its offset). */
function utcOf(day: string, time: string): string {
  const wall = Date.parse(`${day}T${time}Z`);
  const offset = (instant: number): number => {
    const shown = new Date(instant).toLocaleString('sv-SE', { timeZone: ZONE }).replace(' ', 'T');
    return Date.parse(`${shown}Z`) - instant;
  };
  let instant = wall - offset(wall);
  instant = wall - offset(instant);
  return new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
}

/** This month's first day and last month's last day on ZONE's calendar now. */
function monthEdges(): { firstOfThis: string; lastOfPrevious: string } {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: ZONE });
  const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  const last = new Date(first.getTime() - 86_400_000);
  return { firstOfThis: first.toISOString().slice(0, 10), lastOfPrevious: last.toISOString().slice(0, 10) };
}

const edges = monthEdges();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-export-system-dates-'));
  const account = JSON.parse(await readFile(demo, 'utf8')) as { case_requests: Record<string, unknown>[] };
  const template = account.case_requests[1]!;
  const entered = (id: number, reference: string, day: string, time: string) => {
    const stamp = utcOf(day, time);
    return {
      ...template,
      id,
      case_request_number: `REQ-0${id}`,
      series_number: id,
      reference_value_1: reference,
      created_on: day,
      created_at: stamp,
      updated_at: stamp,
    };
  };
  account.case_requests = [
    entered(7001, 'LAST-DAY-2330', edges.lastOfPrevious, '23:30:00'),
    entered(7002, 'FIRST-DAY-0030', edges.firstOfThis, '00:30:00'),
  ];
  await writeFile(join(dir, 'account.json'), JSON.stringify(account));
  sandboxProcess = spawn(process.execPath, [
    bin,
    'sandbox',
    '--port',
    '0',
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

describe('export: a relative form on a system-date flag is a day of this computer, sent in UTC', () => {
  it('"last month" in Los Angeles holds what was entered there at 23:30 on its last day, not the next day\'s 00:30, and the note says both clocks', async () => {
    const out = join(dir, 'last-month.csv');
    const result = await run(
      process.execPath,
      [
        bin,
        'export',
        '--out',
        out,
        '--created-from-system',
        'start-of-last-month',
        '--created-to-system',
        'end-of-last-month',
        '--json',
        '--rate',
        '200/s',
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          TZ: ZONE,
          TRACKOPS_URL: connection.url,
          TRACKOPS_USER: connection.user,
          TRACKOPS_TOKEN: connection.token,
        },
      },
    );
    // The month may turn between the account and the command: then the test says so, not pass wrongly.
    expect(monthEdges(), 'the month turned during the test').toEqual(edges);
    const file = await readFile(out, 'utf8');
    expect(file).toContain('LAST-DAY-2330');
    expect(file).not.toContain('FIRST-DAY-0030');
    const firstOfPrevious = `${edges.lastOfPrevious.slice(0, 7)}-01`;
    const from = utcOf(firstOfPrevious, '00:00:00');
    // One second before this month's first midnight in ZONE.
    const lastSecond = new Date(
      Date.parse(`${utcOf(edges.firstOfThis, '00:00:00').replace(' ', 'T')}Z`) - 1000,
    )
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    expect(JSON.parse(result.stdout)).toMatchObject({
      rows: 1,
      timeZone: ZONE,
      dates: [
        { flag: '--created-from-system', given: 'start-of-last-month', sent: from, day: firstOfPrevious },
        {
          flag: '--created-to-system',
          given: 'end-of-last-month',
          sent: lastSecond,
          day: edges.lastOfPrevious,
        },
      ],
    });
    expect(result.stderr).toContain(
      `--created-from-system start-of-last-month = ${firstOfPrevious} from 00:00:00 here, sent as ${from} UTC, ` +
        `--created-to-system end-of-last-month = ${edges.lastOfPrevious} through 23:59:59 here, sent as ${lastSecond} UTC`,
    );
  });
});
