/**
 * A round-trip CSV whose read-only money column a spreadsheet wrote back in its Currency or Comma format
 * ("$750.00", "2,500.00", or a European "2.500" beside "1,5"): the same number the request holds, so not
 * an edit, and the row's real edit in another column is sent. A different number in that column (1,500.01
 * over 1500) is still an edit the update cannot make: the row is refused and nothing of it sent
 * (explore 16 item 4). So is a subject's number field (a vehicle's Year) in the same format. Through the CLI over real HTTP; the file as Excel writes it, made with Python's
 * csv module; a write-logging proxy shows what was sent.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startWriteLogProxy, type WriteLogProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let proxy: WriteLogProxy;
let dir: string;

/** Request id → budget_money, budget_hours it holds, and the cells the spreadsheet wrote for them. */
const CELLS: Record<
  number,
  { money: number; hours: number; moneyCell: string; hoursCell: string; yearCell?: string }
> = {
  2: { money: 2500, hours: 10, moneyCell: '2,500.00', hoursCell: '10.00' },
  // And its vehicle's Year (a subject's number field, 2014) in the sheet's Comma format.
  3: { money: 750, hours: 10, moneyCell: '$750.00', hoursCell: '10', yearCell: '2,014' },
  4: { money: 2500, hours: 1.5, moneyCell: '2.500', hoursCell: '1,5' },
  5: { money: 1500, hours: 10, moneyCell: '$1,500.01', hoursCell: '10' },
};

beforeAll(async () => {
  const account = await loadDemoAccount();
  for (const [id, cells] of Object.entries(CELLS)) {
    const request = account.case_requests.find((candidate) => candidate.id === Number(id))!;
    Object.assign(request, { budget_money: cells.money, budget_hours: cells.hours });
  }
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  proxy = await startWriteLogProxy(sandbox.baseUrl);
  dir = await tempDir();
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const through = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) =>
  cliInProcess(['export', ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

describe('a round-trip CSV whose money column a spreadsheet formatted', () => {
  it('takes the stored number in a currency or thousands format as unedited, and refuses another number', async () => {
    const file = join(dir, 'rt.csv');
    expect((await exportHere(['--out', file, '--columns', 'round-trip'])).code).toBe(0);
    const script = [
      'import csv,json,sys',
      'cells=json.loads(sys.argv[2])',
      'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
      'h={n:k for k,n in enumerate(rows[0])}',
      'for r in rows[1:]:',
      '  c=cells.get(r[h["id"]])',
      '  if not c: continue',
      '  r[h["budget_money"]]=c["moneyCell"]; r[h["budget_hours"]]=c["hoursCell"]',
      '  if "yearCell" in c: r[[k for n,k in h.items() if n.endswith(".custom_fields.205")][0]]=c["yearCell"]',
      '  r[h["notes"]]="clerk edit "+r[h["id"]]',
      'csv.writer(open(sys.argv[1],"w",encoding="utf-8-sig",newline="")).writerows(rows)',
    ].join('\n');
    runPython(script, [file, JSON.stringify(CELLS)]);
    const mapping = join(dir, 'map.json');
    // The mapping is set-up, written by the map command's own code in this process (the map of a
    // round-trip CSV as spawned is test/cli/round-trip-csv-excel-dates.test.ts's); validate and import
    // on the edited file, what this test proves, are spawned.
    const mapped = await cliInProcess(
      ['map', file, '--out', mapping, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'],
      { TRACKOPS_TOKEN: sandbox.token },
    );
    expect(mapped.code).toBe(0);

    const refusal =
      "row 6: budget_money '$1,500.01' differs from what REQ-00005 holds ('1500'), but the Trackops update " +
      'cannot change budget (money): this row is not sent';
    const dry = await through('validate', [file, '--mapping', mapping]);
    expect(dry.stdout).toContain('An import would: 32 unchanged, 3 update.');
    expect(dry.stdout).toContain(refusal);
    expect(dry.stdout).not.toMatch(/row [345]: budget_/);

    proxy.writes.length = 0;
    const run = await through('import', [file, '--mapping', mapping, '--results', join(dir, 'results.csv')]);
    expect(run.stdout).toContain('updated 3');
    expect(run.stdout).toContain(refusal);
    const puts = proxy.writes.filter((write) => write.method === 'PUT').map((write) => write.path);
    expect(puts).toEqual([
      expect.stringMatching(/case\/requests\/2$/),
      expect.stringMatching(/case\/requests\/3$/),
      expect.stringMatching(/case\/requests\/4$/),
    ]);
    for (const id of [2, 3, 4]) {
      expect(stored(id).notes).toBe(`clerk edit ${id}`);
      expect(stored(id).budget_money).toBe(CELLS[id]!.money);
    }
    expect(stored(5).notes).not.toBe('clerk edit 5');
    expect(stored(5).budget_money).toBe(1500);
  }, 180_000);
});
