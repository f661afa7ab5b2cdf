/**
 * A text filter typed with spaces at its start or end (a reference copied from a cell) is sent without
 * them, as before, and that is said: the export that matched nothing said only "Exported 0". A value of
 * spaces only sends no filter at all, and that is said too (the export is not narrowed by it). Through
 * the CLI against a sandbox over real HTTP whose account holds a reference that starts with a space.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  const account = await loadDemoAccount();
  account.case_requests[0]!.reference_value_1 = ' leading space';
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const exported = (out: string, args: string[]) =>
  runCli(
    [
      'export',
      '--out',
      join(dir, out),
      ...args,
      '--url',
      sandbox.baseUrl,
      '--user',
      sandbox.username,
      '--rate',
      '100/s',
    ],
    { TRACKOPS_TOKEN: sandbox.token },
  );

describe('export: a text filter with spaces at its ends', () => {
  it('says the value was sent without them, and that a value really holding them is not matched', async () => {
    const run = await exported('lead.csv', ['--reference-value-1', ' leading space']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 0 case requests');
    expect(run.stderr).toContain(
      "export: note: --reference-value-1 ' leading space' was sent as 'leading space', without the spaces at its start and end " +
        '(a value copied from a cell often carries them): a request whose value really starts or ends with a space is not matched by it',
    );
    const json = await exported('lead-json.csv', ['--reference-value-1', ' leading space', '--json']);
    const summary = JSON.parse(json.stdout) as { notes?: string[] };
    expect(
      summary.notes?.some((note) => note.startsWith("--reference-value-1 ' leading space' was sent as")),
    ).toBe(true);
  });

  it('says a value of spaces only sent no filter, so the export is not narrowed by it', async () => {
    const run = await exported('blank.csv', ['--reference-value-1', '   ']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "export: note: --reference-value-1 '   ' holds only spaces, so no such filter was sent: this export is not narrowed by it",
    );
    expect(run.stdout).toContain(`Exported ${sandbox.account().case_requests.length} case requests`);
  });

  it('a value without such spaces says nothing of them', async () => {
    const run = await exported('plain.csv', ['--reference-value-1', 'leading space']);
    expect(run.stderr).not.toContain('spaces');
  });
});
