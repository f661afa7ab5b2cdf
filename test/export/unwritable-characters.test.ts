/**
 * Text an XLSX cannot hold (a bell, a vertical tab pasted from another system into Trackops) is left
 * out of the export's cells, and the export says so, naming the requests, so a file is never taken as
 * Trackops's text exactly when it is not. Over real HTTP against the sandbox, as the clerk's export runs.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseRequests, type AccountReference } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { sandboxApi, type ExportApi } from './sandbox-api.ts';

let sandbox: RunningSandbox;
let api: ExportApi;
let reference: AccountReference;
const NOTE = 'Bell\u0007 here and a\u000Bvertical tab';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  api = sandboxApi(sandbox);
  reference = await api.getReference();
  const answer = await fetch(`${sandbox.baseUrl}/case/requests/2`, {
    method: 'PUT',
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ casefile_request: { notes: NOTE } }),
  });
  expect(answer.status).toBe(200);
});
afterAll(() => sandbox.close());

async function exportTo(format: 'xlsx' | 'csv', preset: 'report' | 'round-trip') {
  const out = join(await mkdtemp(join(tmpdir(), 'export-unwritable-')), `out.${format}`);
  const result = await exportCaseRequests({
    api,
    filters: {},
    format,
    preset,
    out,
    reference,
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  return { result, bytes: await readFile(out) };
}

describe('an export of text a spreadsheet cannot hold', () => {
  it('leaves the characters out of the XLSX cell and says which request held them', async () => {
    const number = sandbox.account().case_requests.find((request) => request.id === 2)!.case_request_number;
    const { result, bytes } = await exportTo('xlsx', 'round-trip');
    const book = XLSX.read(bytes);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
    expect(rows.find((row) => Number(row.id) === 2)?.notes).toBe('Bell here and avertical tab');
    const note = result.notes.find((text) => text.includes('control characters'));
    expect(note).toContain(`1 request holds`);
    expect(note).toContain(number);
    expect(note).toContain('an edited cell is sent without them');
  });

  it('says it for the report preset and the CSV too, without the round-trip sentence', async () => {
    const { result, bytes } = await exportTo('csv', 'report');
    expect(bytes.toString('utf8')).toContain('Bell here and avertical tab');
    const note = result.notes.find((text) => text.includes('control characters'));
    expect(note).toContain('This file leaves them out; Trackops keeps them.');
    expect(note).not.toContain('edited cell');
  });
});
