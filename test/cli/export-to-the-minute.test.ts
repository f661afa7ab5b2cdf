/**
 * Explore 35 item 1: a timestamp filter typed to the minute, as the app's boxes ask for it, means that
 * whole minute: `--updated-to '2026-11-30 23:59'` is sent as 23:59:59, so a request updated at 23:59:30
 * on November's last day is in November's export (it was sent as 23:59:00 and the request was in neither
 * month's). A "from" to the minute starts at :00. The export says the second it sent for each. A spawned
 * CLI over real HTTP against a sandbox in this process, whose clock is injected so that the update lands
 * at :30 of the minute.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadDemoAccount,
  startSandbox,
  type RequestLogEntry,
  type RunningSandbox,
} from '../../sandbox/index.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;
let dir: string;
let clock = new Date('2026-11-30T23:59:30Z');
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  const account = await loadDemoAccount();
  // Every request long before the months exported, but request 3, entered at 23:59:45 on 30 November.
  account.case_requests = account.case_requests.map((record) => ({
    ...record,
    created_at: record.id === 3 ? '2026-11-30 23:59:45' : '2026-01-05 10:00:00',
    updated_at: record.id === 3 ? '2026-11-30 23:59:45' : '2026-01-05 10:00:00',
  }));
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account,
    now: () => clock,
    onRequest: (entry) => log.push(entry),
  });
  dir = await mkdtemp(join(tmpdir(), 'cli-export-minute-'));
  const api = sandboxApi(sandbox);
  // Request 1 updated at :30 of November's last minute, request 2 at December's first second.
  clock = new Date('2026-11-30T23:59:30Z');
  await api.updateCaseRequest(1, { notes: 'updated in the last minute of November' });
  clock = new Date('2026-12-01T00:00:00Z');
  await api.updateCaseRequest(2, { notes: 'updated at the first second of December' });
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

function exportCli(out: string, filters: string[]) {
  exportStart = log.length;
  return runCli(['export', '--out', join(dir, out), ...filters, '--json', '--rate', '500/s'], {
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  });
}

/** The request numbers a CSV export holds (its first column). */
async function numbersIn(file: string): Promise<string[]> {
  const text = (await readFile(join(dir, file), 'utf8')).replace(/^\uFEFF/, '');
  return text
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]!);
}

/** Where the last export's requests begin in the sandbox's log. */
let exportStart = 0;

/**
 * Every value the last export sent for `name` in its listing of case requests. A listing is pinned
 * (list-all.ts): its first part carries the export's "from" and a bound of the pin's, the part after
 * it the pin's bound as its "from" and the export's "to"; each of the export's bounds is sent as is.
 */
function sent(name: string): string[] {
  return log
    .slice(exportStart)
    .filter((candidate) => /\/case\/requests\?/.test(candidate.url))
    .map((candidate) => new URL(candidate.url, 'http://sandbox').searchParams.get(name))
    .filter((value): value is string => value !== null);
}

describe('export: a time to the minute is the whole minute', () => {
  it('a request updated at 23:59:30 on the last day is in that month, and in the next month only the next', async () => {
    const november = await exportCli('nov.csv', [
      '--updated-from',
      '2026-11-01 00:00',
      '--updated-to',
      '2026-11-30 23:59',
    ]);
    expect(november.code).toBe(0);
    expect(sent('updated_from')).toContain('2026-11-01 00:00:00');
    expect(sent('updated_to')).toContain('2026-11-30 23:59:59');
    expect(await numbersIn('nov.csv')).toEqual(['REQ-00001', 'REQ-00003']);

    const december = await exportCli('dec.csv', [
      '--updated-from',
      '2026-12-01 00:00',
      '--updated-to',
      '2026-12-31 23:59',
    ]);
    expect(december.code).toBe(0);
    expect(await numbersIn('dec.csv')).toEqual(['REQ-00002']);
  });

  it('says the second it sent for each time, on stderr and in --json', async () => {
    const result = await exportCli('said.csv', [
      '--updated-from',
      '2026-11-01',
      '--updated-to',
      '2026-11-30 23:59',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      rows: 2,
      times: [
        { flag: '--updated-from', given: '2026-11-01', sent: '2026-11-01 00:00:00' },
        { flag: '--updated-to', given: '2026-11-30 23:59', sent: '2026-11-30 23:59:59' },
      ],
    });
    expect(result.stderr).toContain(
      "export: note: times sent (UTC): --updated-from '2026-11-01' = 2026-11-01 00:00:00, --updated-to '2026-11-30 23:59' = 2026-11-30 23:59:59 (a date stands for the whole day and a time to the minute for the whole minute: a \"to\" runs through its last second)",
    );
  });

  it('the entered-in-Trackops times read the same way: a request entered at 23:59:45 is in its minute', async () => {
    const result = await exportCli('entered.csv', [
      '--created-from-system',
      '2026-11-30 23:59',
      '--created-to-system',
      '2026-11-30 23:59',
    ]);
    expect(result.code).toBe(0);
    expect(sent('created_from_system')).toContain('2026-11-30 23:59:00');
    expect(sent('created_to_system')).toContain('2026-11-30 23:59:59');
    expect(await numbersIn('entered.csv')).toEqual(['REQ-00003']);
  });

  it('a time given to the second is sent as given, and not said again', async () => {
    const result = await exportCli('seconds.csv', ['--updated-to', '2026-11-30 23:59:29']);
    expect(result.code).toBe(0);
    expect(sent('updated_to')).toContain('2026-11-30 23:59:29');
    expect(JSON.parse(result.stdout).times).toBeUndefined();
    expect(result.stderr).not.toContain('times sent');
    expect(await numbersIn('seconds.csv')).not.toContain('REQ-00001');
  });
});
