/**
 * A round-trip export given with --mapping: refused by import and validate, and `map` refuses to write
 * a mapping for it. Under a mapping the file read as a plain update file: every mapped cell was sent,
 * so a value a colleague changed in Trackops since the export was written back with the exported one,
 * with no conflict said (report 4, left from item 1). Real files: the CLI's own export, a mapping
 * written for it by hand in the shape `map` used to propose; the CLI against the sandbox over HTTP.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => requests.push(entry.url) });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) => cliInProcess(['export', ...args, ...connection()], env());

describe('a round-trip export under --mapping', () => {
  it('is refused before any request by import and validate, and map writes no mapping for it', async () => {
    const file = join(dir, 'round-trip.xlsx');
    const exported = await exportHere(['--out', file, '--columns', 'round-trip']);
    expect(exported.code, exported.stderr).toBe(0);
    const mapping = join(dir, 'update-notes.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'id', target: 'id' },
          { column: 'notes', target: 'notes' },
        ],
      }),
    );

    requests.length = 0;
    for (const command of ['import', 'validate'] as const) {
      const run = await runCli([command, file, '--mapping', mapping, ...connection()], env());
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${command}: ${file} is a round-trip export (made `);
      expect(run.stderr).toContain(`${command} it without --mapping`);
      expect(run.stderr).toContain('never overwrites a value changed in Trackops');
      expect(run.stderr).toContain('save a copy as .csv');
    }
    const map = await runCli(['map', file, '--out', join(dir, 'proposed.json'), ...connection()], env());
    expect(map.code, map.stderr).toBe(2);
    expect(map.stderr).toContain(`map: ${file} is a round-trip export`);
    expect(map.stderr).toContain(
      `needs no mapping: preview its edits with trackops-bulk validate ${file}, then send them with trackops-bulk import ${file}`,
    );
    expect(requests, 'refused before connecting').toEqual([]);

    // Without --mapping the same file is previewed as a round trip, as before.
    const preview = await runCli(['validate', file, ...connection()], env());
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout + preview.stderr).toContain('Round trip: 36 rows, 0 edited since the export');
  });

  it('leaves a damaged .xlsx under --mapping to the sheet read, which names what is wrong', async () => {
    const file = join(dir, 'not-a-workbook.xlsx');
    await writeFile(file, 'id,notes\n1,plain text named .xlsx\n');
    const mapping = join(dir, 'plain.json');
    await writeFile(
      mapping,
      JSON.stringify({ version: 1, mode: 'update', match: 'id', columns: [{ column: 'id', target: 'id' }] }),
    );
    const run = await runCli(['validate', file, '--mapping', mapping], {});
    expect(run.stderr).not.toContain('round-trip export');
    expect(run.stderr).toContain('not-a-workbook.xlsx');
  });
});
