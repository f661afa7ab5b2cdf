/**
 * A round-trip CSV of a request whose single-line field Trackops holds on two lines (case_location
 * "Line1\r\nLine2"): the row is refused, as before, but the message shows the break as \n on one line
 * and says what to do; doing it (emptying the unedited cell) lets the row's other edit through and
 * leaves the field as Trackops holds it. Real files: the CLI's own export; the CLI against the sandbox.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

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

describe('a round-trip CSV cell Trackops holds on two lines', () => {
  it('is refused in words that show the break and say what to do, and emptying it sends the rest', async () => {
    const file = join(dir, 'rt.csv');
    const exported = await runCli(
      ['export', '--out', file, '--columns', 'round-trip', ...connection()],
      env(),
    );
    expect(exported.code, exported.stderr).toBe(0);
    const mapping = join(dir, 'rt.json');
    expect((await runCli(['map', file, '--out', mapping, ...connection()], env())).code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"Line1\nLine2"');
    await writeFile(file, text.replace(',before,', ',after,'));

    const refused = await runCli(['validate', file, '--mapping', mapping, ...connection()], env());
    expect(refused.code).toBe(1);
    const line = refused.stdout.split('\n').find((each) => each.includes('has a line break'));
    expect(line).toContain(
      "row 2: case_location 'Line1\\nLine2' has a line break; case location takes a single line: type it on one line. " +
        'If you did not edit this cell (an export of a value Trackops holds on two lines), empty it',
    );

    await writeFile(file, text.replace(',before,', ',after,').replace('"Line1\nLine2"', ''));
    const sent = await runCli(['import', file, '--mapping', mapping, '--json', ...connection()], env());
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ updated: 1, invalid: 0 });
    expect(sandbox.account().case_requests[0]).toMatchObject({
      notes: 'after',
      case_location: 'Line1\r\nLine2',
    });
  });
});
