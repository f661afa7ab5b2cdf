/**
 * A round trip stopped part-way (a --limit trial here; Ctrl-C in the exploratory round), a colleague then
 * editing a request the stopped run had already updated, then `--resume`. The resume's check of the file
 * refuses that row now (its request changed since the export), but the journal has it written: it is
 * reported `updated`, with a note. Before, the note said "that send went with other values (a fix typed
 * in the app, or before the account's lists changed)", which is not what happened: the send went with the
 * file's values and the request was changed in Trackops after it. The note says that now, and that the
 * later change is kept. The sandbox over HTTP, the workbook edited by openpyxl, the CLI spawned.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { connectionEnv, importCli, secretSandbox, type SandboxWithLog } from './import-helpers.ts';
import { editedRoundTrip } from './edited-round-trip.ts';
import { commandInProcess } from './command-in-process.ts';

let running: SandboxWithLog | undefined;
afterEach(async () => {
  await running?.sandbox.close();
  running = undefined;
});

interface ResultRow {
  row: number;
  status: string;
  id: number | null;
  errors: { code: string; message: string }[];
}

it('a row the stopped run updated, changed in Trackops afterwards: the resume says so, sends nothing again, and blames no fix', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rt-changed-after-written-'));
  running = await secretSandbox({ rate: 1000 });
  const { sandbox, log } = running;
  const env = connectionEnv(sandbox);
  const file = await editedRoundTrip({ dir, env, url: sandbox.baseUrl, edits: 3, deletedAfter: 1 });
  const args = [file, '--mode', 'update', '--rate', '100/s', '--journal', 'j.jsonl'];
  // The trial that stops after one row is set-up, run by the import command's own code in this process.
  const trial = await commandInProcess('import', [...args, '--limit', '1', '--json'], dir, env);
  expect(JSON.parse(trial.stdout)).toMatchObject({ updated: 1 });
  const written = sandbox.account().case_requests.find((request) => request.notes === 'Edited')!;

  // A colleague changes the notes of the request the trial updated.
  const colleague = await fetch(`${sandbox.baseUrl}/case/requests/${written.id}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ casefile_request: { notes: 'colleague: claim withdrawn' } }),
  });
  expect(colleague.status).toBe(200);
  const writesBefore = log.filter((entry) => entry.method === 'PUT').length;

  const resumed = await importCli([...args, '--resume', '--results', 'r.json', '--json'], dir, env);
  expect(JSON.parse(resumed.stdout)).toMatchObject({ updated: 3, settled_earlier: 1, updated_now: 2 });
  // Only the two rows the trial left were sent; the colleague's note stays.
  expect(log.filter((entry) => entry.method === 'PUT').length - writesBefore).toBe(2);
  expect(sandbox.account().case_requests.find((request) => request.id === written.id)!.notes).toBe(
    'colleague: claim withdrawn',
  );
  const rows = (JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as { rows: ResultRow[] }).rows;
  const row = rows.find((each) => each.id === written.id)!;
  expect(row.status).toBe('updated');
  const note = row.errors.find((error) => error.code === 'already_sent_file_differs')!;
  expect(note.message).not.toContain('that send went with other values');
  expect(note.message).toContain(
    'the request was changed in Trackops after an earlier run of this import wrote this row: that later change is kept, and this row is not sent again',
  );
  expect(resumed.stderr).not.toContain('a fix typed in the app');
}, 90_000);
