/**
 * A round-trip CSV of a request whose single-line field Trackops holds on two lines (case_location
 * "Line1\r\nLine2"): exported as Trackops holds it, the unedited cell is no edit and does not refuse
 * the row (it was refused, so the row's real edits could never be sent): the other edit is sent, and the
 * field left as Trackops holds it. An edit that still holds a line break is refused, the message
 * showing the break as \n on one line and saying what to do. Real files: the CLI's own export; the CLI
 * against the sandbox.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  const account = await loadDemoAccount();
  const first = account.case_requests[0]!;
  first.case_location = 'Line1\r\nLine2';
  first.notes = 'before';
  account.case_requests = [first];
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) => cliInProcess(['export', ...args, ...connection()], env());

describe('a round-trip CSV cell Trackops holds on two lines', () => {
  it('unedited, does not refuse its row; edited with a line break, is refused in words that show it', async () => {
    const file = join(dir, 'rt.csv');
    const exported = await exportHere(['--out', file, '--columns', 'round-trip']);
    expect(exported.code, exported.stderr).toBe(0);
    const mapping = join(dir, 'rt.json');
    // Set-up: the mapping written by the map command's own code in this process (map --out as spawned
    // against a sandbox over HTTP is test/cli/map.test.ts's). The validates and the import are spawned.
    expect((await cliInProcess(['map', file, '--out', mapping, ...connection()], env())).code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"Line1\r\nLine2"');

    await writeFile(file, text.replace(',"Line1\r\nLine2",', ',"Line1\nLine3",'));
    const refused = await runCli(['validate', file, '--mapping', mapping, ...connection()], env());
    expect(refused.code).toBe(1);
    const line = refused.stdout.split('\n').find((each) => each.includes('has a line break'));
    expect(line).toContain(
      "row 2: case_location 'Line1\\nLine3' has a line break; case location takes a single line: type it on one line.",
    );

    await writeFile(file, text.replace(',before,', ',after,'));
    const checked = await runCli(['validate', file, '--mapping', mapping, ...connection()], env());
    expect(checked.code, checked.stdout).toBe(0);
    const sent = await runCli(['import', file, '--mapping', mapping, '--json', ...connection()], env());
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ updated: 1, invalid: 0 });
    expect(sandbox.account().case_requests[0]).toMatchObject({
      notes: 'after',
      case_location: 'Line1\r\nLine2',
    });
  });
});
