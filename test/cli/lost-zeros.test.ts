/**
 * A zip typed 03101 is the number 3101 once LibreOffice (or Excel) has opened the CSV and saved it as a
 * workbook ("General" cells drop leading zeros). An update from that workbook must not "change" the
 * stored 03101 to 3101: the request keeps 03101, the row says it guessed, and the PUT is what the
 * preview said (through the CLI over real HTTP, the workbook made by LibreOffice itself).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startWriteLogProxy, type WriteLogProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let proxy: WriteLogProxy;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startWriteLogProxy(sandbox.baseUrl);
  dir = await tempDir();
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const HEADER = ['Claim', 'Received', 'Carrier', 'Country', 'Adj Last', 'Adj Email', 'Zip', 'Notes'];
const row = (notes: string) => [
  'CLM-ZIP-1',
  '2026-11-01',
  'Acme',
  'US',
  'Smith',
  's@a.example',
  '03101',
  notes,
];

async function csv(name: string, rows: string[][]): Promise<string> {
  const path = join(dir, name);
  // Written by Python's csv module, as a carrier's export would be.
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}

async function mappingFile(name: string, mode: string): Promise<string> {
  const path = join(dir, name);
  const creating = mode === 'create';
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode,
      match: 'reference_value_1',
      ...(creating ? { constants: { case_type_id: 1, case_region_id: 1 } } : {}),
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        ...(creating
          ? [
              { column: 'Received', target: 'created_on' },
              { column: 'Carrier', target: 'client.name' },
              { column: 'Country', target: 'client.country' },
              { column: 'Adj Last', target: 'contact.last_name' },
              { column: 'Adj Email', target: 'contact.email' },
            ]
          : []),
        { column: 'Zip', target: 'client.zip' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  return path;
}

const through = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
const stored = () =>
  sandbox.account().case_requests.find((request) => request.reference_value_1 === 'CLM-ZIP-1');

describe('a zip a spreadsheet turned into a number', () => {
  it('an update keeps the stored 03101, says so on the row, and sends only the real change', async () => {
    const first = await csv('first.csv', [HEADER, row('first')]);
    // The request to update is set-up, created by the import command's own code in this process, through
    // the same proxy (a create import as spawned is test/cli/import.test.ts's); the validate and the
    // update import, what this test proves, are spawned.
    const created = await commandInProcessOn(
      { baseUrl: proxy.baseUrl, username: sandbox.username, token: sandbox.token },
      'import',
      [first, '--mapping', await mappingFile('create.json', 'create')],
    );
    expect(created.stdout).toContain('Created 1');
    expect(stored()!.client!.zip).toBe('03101');

    // The clerk opens the carrier's CSV in LibreOffice, edits the notes, and saves it as a workbook.
    const edited = await csv('edited.csv', [HEADER, row('second')]);
    libreOfficeConvert(edited, 'xlsx', dir);
    const workbook = join(dir, 'edited.xlsx');
    const update = await mappingFile('update.json', 'update');

    const report = join(dir, 'preview.json');
    const dry = await through('validate', [workbook, '--mapping', update, '--report', report]);
    expect(dry.code).toBe(0);
    const note =
      "Zip '3101' is a number cell, and REQ-00037 holds '03101', the same digits with leading zeros, which a spreadsheet " +
      "drops from a number cell: '03101' is kept (a guess). If '3101' is meant, format the column as Text and type it so";
    expect(dry.stdout).toContain(note);
    const [previewed] = (
      JSON.parse(await readFile(report, 'utf8')) as { rows: { changes: { target: string; new: string }[] }[] }
    ).rows;
    expect(previewed!.changes.map((change) => [change.target, change.new])).toEqual([['notes', 'second']]);

    proxy.writes.length = 0;
    const run = await through('import', [
      workbook,
      '--mapping',
      update,
      '--results',
      join(dir, 'results.csv'),
    ]);
    expect(run.stdout).toContain('updated 1, failed 0');
    const [put] = proxy.writes.filter((write) => write.method === 'PUT');
    const sent = (put!.body as { casefile_request: { client: { zip: string }; notes: string } })
      .casefile_request;
    expect(sent.client.zip).toBe('03101');
    expect(sent.notes).toBe('second');
    expect(stored()!.client!.zip).toBe('03101');
    expect(await readFile(join(dir, 'results.csv'), 'utf8')).toContain("'03101' is kept (a guess)");
  }, 120_000);
});
