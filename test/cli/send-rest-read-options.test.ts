/**
 * The command a run prints to send what an earlier, stopped run left (its kept results file, explore 59)
 * must read that results file as this tool wrote it: an .xlsx results file holds the rows under the
 * sheet's name ("Rows" for a delimited file), so the command names it, or the mapping's "source" sheet
 * would be looked for; a .csv results file is UTF-8 with commas, so a run that read its file with a
 * mapping's ";" delimiter sets that back. Each printed command is run as printed and sends exactly the
 * rows left. Spawned CLI against a sandbox over real HTTP; rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

/** Python's csv module rewrites `file` with `delimiter`. */
function withDelimiter(file: string, delimiter: string): void {
  runPython(
    'import csv,sys\nrows=list(csv.reader(open(sys.argv[1],encoding="utf-8",newline="")))\n' +
      'csv.writer(open(sys.argv[1],"w",encoding="utf-8",newline=""),delimiter=sys.argv[2]).writerows(rows)',
    [file, delimiter],
  );
}

/** Each night's file: Tuesday's referrals are others (another city and note), not Monday's corrected. */
function dropFile(file: string, prefix: string, count: number): void {
  if (prefix === 'MON') makeRows(file, count, prefix);
  else makeRows(file, count, prefix, [], 'Aurora', 'Tuesday referral');
}

/** Monday's run stopped after 3 rows, Tuesday's file under the same name: what Tuesday says to run. */
async function sendWithAfterStop(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  journal: string,
  write: (prefix: string, count: number) => void,
) {
  write('MON', 8);
  const monday = spawnImport([...args, '--json'], dir, env);
  let mondayOut = '';
  monday.stdout!.on('data', (chunk: Buffer) => (mondayOut += chunk.toString()));
  await waitForOutcomes(join(dir, journal), 3);
  monday.kill('SIGTERM');
  expect((await exited(monday)).code).toBe(130);
  const unsent = JSON.parse(mondayOut).unsent as number;
  expect(unsent).toBeGreaterThan(0);
  write('TUE', 2);
  const tuesday = await importCli([...args, '--json'], dir, env);
  expect(tuesday.code, tuesday.stderr).toBe(0);
  const sendWith = JSON.parse(tuesday.stdout).earlier_run_unfinished.send_with as string;
  return { unsent, sendWith };
}

it('an .xlsx results file of a delimited file: the command names its sheet, and sends the rows left', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-send-rest-xlsx-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const env = connectionEnv(sandbox);
  // The template's mapping names the sheet "Referrals"; the results workbook holds the rows as "Rows".
  const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '10/s', '--results', 'results.xlsx'];
  try {
    const { unsent, sendWith } = await sendWithAfterStop(
      dir,
      args,
      env,
      'results.journal.jsonl',
      (prefix, n) => dropFile(join(dir, 'drop.csv'), prefix, n),
    );
    expect(sendWith).toMatch(
      /^trackops-bulk import results\.\S+\.xlsx --mapping \S+ --sheet Rows --rate 10\/s$/,
    );
    const rest = await importCli([...sendWith.split(' ').slice(2), '--json'], dir, env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ created: unsent });
    const mon = storedByReference(sandbox.account(), 'MON-');
    expect(mon.size).toBe(8);
    for (const [reference, requests] of mon) expect(requests, reference).toHaveLength(1);
  } finally {
    await sandbox.close();
  }
}, 90_000);

it('a .csv results file of a file the mapping reads with ";": the command reads it with commas, and sends the rows left', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-send-rest-csv-'));
  const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
  mapping.source = { ...mapping.source, delimiter: ';' };
  await writeFile(join(dir, 'm.json'), JSON.stringify(mapping));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const env = connectionEnv(sandbox);
  const args = ['drop.csv', '--mapping', 'm.json', '--rate', '10/s', '--results', 'results.csv'];
  try {
    const { unsent, sendWith } = await sendWithAfterStop(
      dir,
      args,
      env,
      'results.journal.jsonl',
      (prefix, n) => {
        dropFile(join(dir, 'drop.csv'), prefix, n);
        withDelimiter(join(dir, 'drop.csv'), ';');
      },
    );
    expect(sendWith).toMatch(
      /^trackops-bulk import results\.\S+\.csv --mapping m\.json --encoding utf-8 --delimiter , --rate 10\/s$/,
    );
    const rest = await importCli([...sendWith.split(' ').slice(2), '--json'], dir, env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ created: unsent });
    expect(storedByReference(sandbox.account(), 'MON-').size).toBe(8);
  } finally {
    await sandbox.close();
  }
}, 90_000);
