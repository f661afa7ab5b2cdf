/**
 * The round trip against the sandbox over HTTP: export a round-trip XLSX, edit cells with exceljs (as
 * a person would in Excel), prepare the import with no mapping, send what it offers, and find exactly
 * the edits on the server; a request changed on the server in between is a conflict, not overwritten.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  blankPolicyLine,
  exportCaseRequests,
  roundTripBlankPolicies,
  roundTripNotes,
  isRoundTripWorkbook,
  prepareRoundTripImport,
  type CaseRequestUpdateBody,
  type RowOutcome,
} from '../../core/index.ts';
import { mappingSchema } from '../../core/mapping/schema.ts';
import { problemLine } from '../../core/report/problem-text.ts';
import { startSandbox, type RunningSandbox, type StoredCaseRequest } from '../../sandbox/index.ts';
import { startOddRecordProxy } from '../batch/proxies.ts';
import { fileSource } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';
import { sandboxApi, type ExportApi } from './sandbox-api.ts';

let sandbox: RunningSandbox;
let api: ExportApi;
let dir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  api = sandboxApi(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'round-trip-'));
});
afterEach(() => sandbox.close());

/** `2026-12-07 19:36:55`: a time as the sandbox stamps updated_at. */
function utcSecond(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

async function exportRoundTrip(
  name = 'export.xlsx',
  through: ExportApi = api,
): Promise<[string, ...string[]]> {
  const out = join(dir, name);
  const result = await exportCaseRequests({
    api: through,
    filters: {},
    format: 'xlsx',
    preset: 'round-trip',
    out,
    reference: await api.getReference(),
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  return [out, ...result.notes];
}

/** Opens the workbook with exceljs, applies edits by (request id, header), saves it under a new name. */
async function edit(
  path: string,
  edits: { id: number; header: string; value: ExcelJS.CellValue }[],
): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = sheet.getRow(1).values as unknown[];
  const idColumn = headers.indexOf('id');
  for (const change of edits) {
    const column = headers.indexOf(change.header);
    expect(column, change.header).toBeGreaterThan(0);
    let done = false;
    sheet.eachRow((row) => {
      if (String(row.getCell(idColumn).value) === String(change.id)) {
        row.getCell(column).value = change.value;
        done = true;
      }
    });
    expect(done, `row of request ${change.id}`).toBe(true);
  }
  const edited = join(dir, 'edited.xlsx');
  await book.xlsx.writeFile(edited);
  return edited;
}

async function collect(outcomes: AsyncIterable<RowOutcome>): Promise<RowOutcome[]> {
  const all: RowOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}

function withoutUpdatedAt(records: StoredCaseRequest[]): Omit<StoredCaseRequest, 'updated_at'>[] {
  return records.map(({ updated_at: _ignored, ...rest }) => rest);
}

describe('round trip: export, edit, import as updates', () => {
  it('sends exactly the two edited cells and the server ends with exactly those changes', async () => {
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const first = before[2]!;
    const second = before[7]!;
    const edited = await edit(exported, [
      { id: first.id, header: 'due_on', value: new Date(Date.UTC(2027, 0, 15)) },
      { id: second.id, header: 'contact.email', value: 'claims.desk@example.org' },
    ]);
    expect(await isRoundTripWorkbook(fileSource(edited))).toBe(true);

    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    expect(plan.mapping).toMatchObject({ mode: 'update', match: 'id' });
    // The implied mapping is a valid mapping file (could be saved as a template for the CSV form).
    expect(mappingSchema.safeParse(plan.mapping).success).toBe(true);
    const outcomes = await collect(plan.outcomes);
    expect(outcomes.map((o) => [o.status, o.targetId])).toEqual([
      ['valid', first.id],
      ['valid', second.id],
    ]);
    expect(outcomes[0]!.body).toEqual({ due_on: '2027-01-15' });
    // The contact object is sent whole (seed note 1), with the one changed part.
    expect(outcomes[1]!.body).toEqual({
      contact: {
        first_name: second.contact.first_name ?? '',
        middle_name: second.contact.middle_name ?? '',
        last_name: second.contact.last_name ?? '',
        email: 'claims.desk@example.org',
        phone_office: second.contact.phone_office ?? '',
        phone_home: second.contact.phone_home ?? '',
        phone_mobile: second.contact.phone_mobile ?? '',
        phone_fax: second.contact.phone_fax ?? '',
      },
    });
    expect(plan.summary()).toEqual({
      rows: before.length,
      changed: 2,
      unchanged: before.length - 2,
      alreadyApplied: 0,
      conflicts: 0,
      invalid: 0,
      skipped: 0,
      missing: 0,
      withoutUpdatedAt: 0,
      // The export stated its start by the server's clock (the sandbox's Date header): nothing assumed.
      // Nothing seen from this computer shows the zone Trackops stamps in (every stamp is hours old).
      windowGuess: expect.stringContaining('starts 12 hours earlier (the widest zone west of UTC)'),
      clockDifference: null,
      // Its count found nothing changed since the export: no listing, so nothing it met.
      checkNotes: [],
    });
    // Issue 13: nothing changed in Trackops since the export, so one count settles both edited rows
    // (no read per edited request).
    expect(plan.requests()).toBe(1);

    for (const outcome of outcomes)
      await api.updateCaseRequest(outcome.targetId!, outcome.body as CaseRequestUpdateBody);
    const after = sandbox.account().case_requests;
    const expected = structuredClone(before);
    expected[2]!.due_on = '2027-01-15';
    expected[7]!.contact = { ...expected[7]!.contact, email: 'claims.desk@example.org' };
    const normalise = (records: StoredCaseRequest[]) =>
      withoutUpdatedAt(records).map((record) => ({
        ...record,
        contact: Object.fromEntries(Object.entries(record.contact).filter(([, value]) => value !== '')),
      }));
    expect(normalise(after)).toEqual(normalise(expected));
    const moved = after
      .filter((record, index) => record.updated_at !== before[index]!.updated_at)
      .map((r) => r.id);
    expect(moved).toEqual([first.id, second.id]);

    // Importing the same file again (or resuming) finds the edits already there: nothing to send, no
    // conflict; each such row is `unchanged` (issue 13), found by one count and one page of the requests
    // updated since the export.
    const again = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const settled = await collect(again.outcomes);
    expect(settled.map((o) => [o.status, o.action, o.targetId, o.body])).toEqual([
      ['valid', 'unchanged', first.id, undefined],
      ['valid', 'unchanged', second.id, undefined],
    ]);
    expect(again.summary()).toMatchObject({ changed: 0, alreadyApplied: 2, conflicts: 0 });
    expect(again.requests()).toBe(2);
  });

  it('reports a request changed on the server since the export as a conflict and never sends it', async () => {
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const target = before[4]!;
    const untouched = before[5]!;
    // Someone else edits the request in Trackops after the export (a second later, so updated_at moves).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await api.updateCaseRequest(target.id, { notes: 'changed by a colleague' });
    const edited = await edit(exported, [
      { id: target.id, header: 'reference_value_2', value: 'POL-EDITED' },
      { id: untouched.id, header: 'case_location', value: 'Pueblo, CO' },
    ]);
    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes = await collect(plan.outcomes);
    const conflict = outcomes.find((o) => o.targetId === target.id)!;
    expect(conflict.status).toBe('invalid');
    expect(conflict.problems.map((p) => p.code)).toEqual(['conflict']);
    expect(conflict.problems[0]!.message).toMatch(/changed in Trackops after this file was exported/);
    expect(conflict.body).toBeUndefined();
    expect(outcomes.find((o) => o.targetId === untouched.id)).toMatchObject({
      status: 'valid',
      body: { case_location: 'Pueblo, CO' },
    });
    expect(plan.summary()).toMatchObject({ changed: 1, conflicts: 1 });
  });

  it('rule: a change made within the second the export read the request (its updated_at unmoved) is found by its values and never overwritten', async () => {
    // Trackops stamps updated_at in whole seconds: a colleague's edit in the same second as the export's
    // read leaves it as exported. The sandbox's clock held still stands for that second.
    await sandbox.close();
    const held = new Date(Math.floor(Date.now() / 1000) * 1000 + 400);
    sandbox = await startSandbox({ port: 0, rate: 1000, now: () => held });
    api = sandboxApi(sandbox);
    // Edited in that second before the export too, so that the export reads them stamped with it.
    const [first, second] = sandbox.account().case_requests.slice(4, 6);
    await api.updateCaseRequest(first!.id, { notes: 'notes before the export' });
    await api.updateCaseRequest(second!.id, { notes: 'notes before the export' });
    const [exported] = await exportRoundTrip();
    const before = sandbox.account().case_requests;
    const clashing = before[4]!;
    const clientSide = before[5]!;
    const quiet = before[6]!;
    expect(clashing.updated_at).toBe(utcSecond(held));
    await api.updateCaseRequest(clashing.id, { notes: 'colleague notes' });
    await api.updateCaseRequest(clientSide.id, { client: { ...clientSide.client, city: 'Colleague City' } });
    const after = new Map(sandbox.account().case_requests.map((record) => [record.id, record.updated_at]));
    expect(after.get(clashing.id)).toBe(clashing.updated_at);
    expect(after.get(clientSide.id)).toBe(clientSide.updated_at);
    const edited = await edit(exported, [
      { id: clashing.id, header: 'notes', value: 'clerk notes' },
      // The client is sent whole: a colleague's change to another of its parts is not overwritten either.
      { id: clientSide.id, header: 'client.name', value: 'Clerk Client' },
      { id: quiet.id, header: 'notes', value: 'clerk notes on a quiet request' },
    ]);
    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes = await collect(plan.outcomes);
    const byId = new Map(outcomes.map((o) => [o.targetId, o]));
    expect(byId.get(clashing.id)!.status).toBe('invalid');
    expect(byId.get(clashing.id)!.body).toBeUndefined();
    expect(problemLine(byId.get(clashing.id)!.problems[0]!)).toContain(
      `its updated_at, ${clashing.updated_at}, did not move, as a change made within the same second as the export read it leaves it, but its values did: ` +
        "notes is 'colleague notes' in Trackops now, 'clerk notes' in this file",
    );
    expect(byId.get(clientSide.id)!.problems.map((p) => p.code)).toEqual(['conflict']);
    expect(byId.get(clientSide.id)!.problems[0]!.message).toContain(
      "client.city is 'Colleague City' in Trackops now",
    );
    expect(byId.get(quiet.id)).toMatchObject({
      status: 'valid',
      body: { notes: 'clerk notes on a quiet request' },
    });
    expect(plan.summary()).toMatchObject({ changed: 1, conflicts: 2 });
  });

  it('rule: with no updated_at from Trackops, a field changed since the export is found by its value and never overwritten', async () => {
    // repro-09: a server whose records carry `"updated_at": null`.
    const proxy = await startOddRecordProxy(sandbox.baseUrl, (record) => {
      record.updated_at = null;
    });
    try {
      const through = sandboxApi({ ...sandbox, baseUrl: proxy.baseUrl });
      const [exported, ...notes] = await exportRoundTrip('export.xlsx', through);
      expect(notes).toContainEqual(
        expect.stringMatching(/^Trackops gives no updated_at: .*compares its values/),
      );
      const before = sandbox.account().case_requests;
      const clashing = before[4]!;
      const clientSide = before[5]!;
      const free = before[6]!;
      await api.updateCaseRequest(clashing.id, { notes: 'colleague notes' });
      await api.updateCaseRequest(clientSide.id, {
        client: { ...clientSide.client, city: 'Colleague City' },
      });
      const edited = await edit(exported, [
        { id: clashing.id, header: 'notes', value: 'clerk notes' },
        // The client is sent whole: a colleague's change to another of its parts is not overwritten either.
        { id: clientSide.id, header: 'client.name', value: 'Clerk Client' },
        { id: free.id, header: 'notes', value: 'clerk notes on a quiet request' },
      ]);
      const plan = (await prepareRoundTripImport(fileSource(edited), through, { waysOut: CLI_WAYS_OUT }))!;
      const outcomes = await collect(plan.outcomes);
      const byId = new Map(outcomes.map((o) => [o.targetId, o]));
      expect(byId.get(clashing.id)!.status).toBe('invalid');
      expect(byId.get(clashing.id)!.body).toBeUndefined();
      expect(problemLine(byId.get(clashing.id)!.problems[0]!)).toContain(
        "notes is 'colleague notes' in Trackops now, 'clerk notes' in this file",
      );
      expect(byId.get(clientSide.id)!.problems.map((p) => p.code)).toEqual(['conflict']);
      expect(byId.get(clientSide.id)!.problems[0]!.message).toContain(
        "client.city is 'Colleague City' in Trackops now",
      );
      expect(byId.get(free.id)).toMatchObject({
        status: 'valid',
        body: { notes: 'clerk notes on a quiet request' },
      });
      expect(plan.summary()).toMatchObject({ changed: 1, conflicts: 2, withoutUpdatedAt: before.length });
    } finally {
      await proxy.close();
    }
  });

  it('a dry run (preview) shows each edited field as stored → new, reading only the edited requests', async () => {
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const target = before[3]!;
    const edited = await edit(exported, [
      { id: target.id, header: 'notes', value: 'New note' },
      { id: target.id, header: 'client.city', value: 'Pueblo' },
    ]);
    const plan = (await prepareRoundTripImport(fileSource(edited), api, {
      waysOut: CLI_WAYS_OUT,
      preview: true,
    }))!;
    const [outcome] = await collect(plan.outcomes);
    expect(
      outcome!.changes!.map(({ column, target: path, old, new: next }) => ({ column, path, old, next })),
    ).toEqual([
      { column: 'notes', path: 'notes', old: target.notes, next: 'New note' },
      { column: 'client.city', path: 'client.city', old: target.client.city, next: 'Pueblo' },
    ]);
    expect(plan.requests()).toBe(1);
  });

  it('refuses edits the update cannot make, and unknown ids, naming file, row, column and value', async () => {
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const edited = await edit(exported, [
      { id: before[0]!.id, header: 'budget_money', value: 99 },
      { id: before[1]!.id, header: 'due_on', value: null },
      { id: before[3]!.id, header: 'id', value: '99999' },
    ]);
    const outcomes = await collect(
      (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!.outcomes,
    );
    const byCode = Object.fromEntries(outcomes.map((o) => [o.problems[0]!.code, o.problems[0]!]));
    expect(Object.keys(byCode).sort()).toEqual(['cannot_clear', 'not_in_export', 'read_only_column']);
    expect(byCode.read_only_column).toMatchObject({ row: 2, column: 'budget_money', value: '99' });
    // As the CLI and the reports say it, through the one shared formatter.
    expect(problemLine(byCode.read_only_column!)).toBe(
      "row 2, budget_money = '99': was changed, but the Trackops update cannot change it; undo this edit (change it in Trackops itself)",
    );
    expect(problemLine(byCode.cannot_clear!)).toMatch(
      /^row 3, due_on: was emptied; .*put a date back, or clear it in Trackops itself$/,
    );
    expect(byCode.not_in_export).toMatchObject({ row: 5, column: 'id', value: '99999' });
    expect(outcomes.every((o) => o.status === 'invalid')).toBe(true);
  });

  it('rule: a row typed in with no id is refused as such, with what to do, not as "id \'\'"', async () => {
    const [exported] = await exportRoundTrip();
    // A clerk adds a referral at the bottom of the export in LibreOffice or Excel: notes typed, no id.
    const typed = join(dir, 'typed.xlsx');
    runPython(
      'import openpyxl,sys\nbook=openpyxl.load_workbook(sys.argv[1])\nsheet=book["Case Requests"]\n' +
        'headers=[cell.value for cell in sheet[1]]\nrow=sheet.max_row+1\n' +
        'sheet.cell(row=row,column=headers.index("notes")+1).value="New referral, please open"\nbook.save(sys.argv[2])',
      [exported, typed],
    );
    const outcomes = await collect(
      (await prepareRoundTripImport(fileSource(typed), api, { waysOut: CLI_WAYS_OUT }))!.outcomes,
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'invalid');
    expect(refused).toHaveLength(1);
    const [first] = refused[0]!.problems;
    expect(first).toMatchObject({ code: 'round_trip_no_id', column: 'id', value: '' });
    expect(problemLine(first!)).toBe(
      `row ${refused[0]!.row}, id: is empty: a round-trip row updates the request whose id it holds, so this row ` +
        'updates nothing and is not sent. A row for a new request belongs in a file of referrals sent with a create ' +
        "import; a row for a request already in Trackops needs that request's id (copy its row from the export)",
    );
  });

  it('rule: a deleted row is said, a text date is told the form the export wrote, a field not enabled names the value', async () => {
    // Report 11.
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const dated = before[1]!;
    const gone = before[5]!;
    const typeOf = (id: number) => sandbox.account().case_types.find((t) => t.id === id);
    const other = before.find(
      (r) => r.case_type_id !== 1 && typeOf(r.case_type_id) && r.id !== dated.id && r.id !== gone.id,
    )!;
    const notEnabled = (await api.getReference()).fields.find(
      (f) => f.use === 'case' && !(typeOf(other.case_type_id)?.field_ids ?? []).includes(f.id),
    );
    expect(notEnabled).toBeDefined();
    const edited = await edit(exported, [
      { id: dated.id, header: 'due_on', value: '8/21/2026' },
      { id: other.id, header: `custom_fields.${notEnabled!.id}`, value: '24' },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(edited);
    const sheet = book.getWorksheet('Case Requests')!;
    sheet.eachRow((row, number) => {
      if (String(row.getCell(1).value) === String(gone.id)) sheet.spliceRows(number, 1);
    });
    await book.xlsx.writeFile(edited);

    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes = await collect(plan.outcomes);
    expect(plan.summary()).toMatchObject({ missing: 1 });
    expect(roundTripNotes(plan.summary())[0]).toBe(
      '1 exported row is not in the file: deleting a row does not delete the request (nothing is sent for it).',
    );
    const date = outcomes.find((o) => o.targetId === dated.id)!.problems[0]!;
    expect(date).toMatchObject({ code: 'invalid_date', value: '8/21/2026' });
    expect(date.message).toMatch(/type it as the export wrote it/);
    expect(date.message).not.toMatch(/set its date format/);
    const field = outcomes.find((o) => o.targetId === other.id)!.problems[0]!;
    expect(field).toMatchObject({ code: 'field_not_enabled', value: '24' });
    expect(field.message).toMatch(/so '24' cannot be set/);
  });

  it('sends edited case custom fields (YES/NO as 0/1, a date cell as ISO) and only them', async () => {
    const before = sandbox.account().case_requests;
    const [exported] = await exportRoundTrip();
    const record = before.find((r) => r.case_type_id === 1)!;
    const edited = await edit(exported, [
      { id: record.id, header: 'custom_fields.11', value: 'no' },
      { id: record.id, header: 'custom_fields.15', value: new Date(Date.UTC(2026, 4, 1)) },
    ]);
    const outcomes = await collect(
      (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!.outcomes,
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.body).toEqual({
      custom_fields: [
        { id: 11, value: 0 },
        { id: 15, value: '2026-05-01' },
      ],
    });
    await api.updateCaseRequest(record.id, outcomes[0]!.body as CaseRequestUpdateBody);
    const stored = sandbox.account().case_requests.find((r) => r.id === record.id)!;
    expect(stored.custom_fields.find((f) => f.id === 11)!.value).toBe(0);
    expect(stored.custom_fields.find((f) => f.id === 15)!.value).toBe('2026-05-01');
  });

  it('rule: a cell retyped to the value it held is no edit, and nothing is sent for it', async () => {
    // repro-04: YESNO 1 → "Yes", list 22 → "22;", 21;26 → "26; 21", NUMBER 8 → "8.0".
    const before = sandbox.account().case_requests;
    const field = (r: StoredCaseRequest, id: number) => r.custom_fields.find((f) => f.id === id)?.value;
    const yes = before.find((r) => String(field(r, 11)) === '1')!;
    const one = before.find((r) => r.case_services_list?.length === 1)!;
    const two = before.find((r) => r.case_services_list?.length === 2)!;
    const number = before.find((r) => Number.isInteger(Number(field(r, 13))) && field(r, 13) !== '')!;
    expect([yes, one, two, number].every(Boolean)).toBe(true);
    const [exported] = await exportRoundTrip();
    const [a, b] = two.case_services_list!;
    const edited = await edit(exported, [
      { id: yes.id, header: 'custom_fields.11', value: 'Yes' },
      { id: one.id, header: 'case_services_list', value: `${one.case_services_list![0]};` },
      { id: two.id, header: 'case_services_list', value: `${b}; ${a}` },
      { id: number.id, header: 'custom_fields.13', value: `${Number(field(number, 13))}.0` },
      // A real edit beside a retyped cell: only the real one is sent.
      { id: number.id, header: 'notes', value: 'A real edit' },
    ]);
    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes = await collect(plan.outcomes);
    expect(outcomes.map((o) => [o.targetId, o.status, o.body])).toEqual([
      [number.id, 'valid', { notes: 'A real edit' }],
    ]);
    expect(plan.summary()).toMatchObject({ changed: 1, unchanged: before.length - 1 });
  });

  it('rule: a list of ids retyped in another order is no edit, whatever order the request holds it in', async () => {
    // The request holds its services in descending order (26;21): "21; 26" is the same set.
    const two = sandbox.account().case_requests.find((r) => r.case_services_list?.length === 2)!;
    const [low, high] = [...two.case_services_list!].sort((x, y) => x - y);
    await api.updateCaseRequest(two.id, { case_services_list: [high!, low!] });
    expect(sandbox.account().case_requests.find((r) => r.id === two.id)!.case_services_list).toEqual([
      high,
      low,
    ]);
    const [exported] = await exportRoundTrip();
    const edited = await edit(exported, [
      { id: two.id, header: 'case_services_list', value: `${low}; ${high}` },
    ]);
    const plan = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    expect(await collect(plan.outcomes)).toEqual([]);
    expect(plan.summary()).toMatchObject({ changed: 0 });

    // Another set is an edit, sent.
    const changed = await edit(exported, [{ id: two.id, header: 'case_services_list', value: `${low}` }]);
    const sent = await collect(
      (await prepareRoundTripImport(fileSource(changed), api, { waysOut: CLI_WAYS_OUT }))!.outcomes,
    );
    expect(sent.map((o) => [o.targetId, o.body])).toEqual([[two.id, { case_services_list: [low] }]]);
  });

  it('rule: the preview says what a blank cell does in each round-trip column (clears, or refuses the row)', async () => {
    // repro-07: it said "blank cells leave … Notes … as they are" while an emptied note is sent as ''.
    const [exported] = await exportRoundTrip();
    const reference = await api.getReference();
    const plan = (await prepareRoundTripImport(fileSource(exported), api, { waysOut: CLI_WAYS_OUT }))!;
    const policies = roundTripBlankPolicies(plan.mapping, reference);
    const of = (target: string) => policies.find((policy) => policy.target === target)!;
    expect(of('notes')).toMatchObject({ clears: true, words: 'blank cells clear Notes' });
    expect(of('client.city')).toMatchObject({ clears: true });
    expect(of('due_on')).toMatchObject({ clears: false, refused: true });
    expect(of('custom_fields.11')).toMatchObject({ clears: false, refused: true });
    expect(policies.some((policy) => !policy.clears && !policy.refused)).toBe(false);
    const line = blankPolicyLine(policies)!;
    expect(line).not.toMatch(/as (it is|they are)/);
    expect(line).toMatch(
      /^Blank cells clear .*Notes.*; emptying a cell in .*Due date.* makes its row invalid/,
    );
  });

  it('refuses a round trip of an export that continued on several sheets, saying what to do', async () => {
    const out = join(dir, 'split.xlsx');
    await exportCaseRequests({
      api,
      filters: {},
      format: 'xlsx',
      preset: 'round-trip',
      out,
      reference: await api.getReference(),
      accountLabel: 'x',
      maxRowsPerSheet: 20,
    });
    await expect(prepareRoundTripImport(fileSource(out), api, { waysOut: CLI_WAYS_OUT })).rejects.toThrow(
      /split\.xlsx: this export continued on 2 sheets .*export again in parts with narrower filters/,
    );
  });

  it('rule: a header repeated in another order refuses the rows below it; in its own order it is left out', async () => {
    const [exported] = await exportRoundTrip();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported);
    const sheet = book.getWorksheet('Case Requests')!;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const [one, two] = [header.indexOf('reference_value_1'), header.indexOf('reference_value_2')];
    const swap = (values: ExcelJS.CellValue[]) => {
      const swapped = [...values];
      [swapped[one], swapped[two]] = [values[two]!, values[one]!];
      return swapped;
    };
    // The last referral moved below a second export's header, which has the two numbers swapped:
    // read under the first header, its claim and policy numbers look edited and would be sent swapped.
    const last = sheet.rowCount;
    const moved = (sheet.getRow(last).values as ExcelJS.CellValue[]).slice(1);
    const movedId = Number(moved[header.indexOf('id')]);
    sheet.spliceRows(last, 1);
    sheet.addRow(swap(header));
    sheet.addRow(swap(moved));
    sheet.addRow(header);
    const edited = join(dir, 'pasted.xlsx');
    await book.xlsx.writeFile(edited);

    const before = sandbox.account().case_requests.find((request) => request.id === movedId)!;
    const trip = (await prepareRoundTripImport(fileSource(edited), api, { waysOut: CLI_WAYS_OUT }))!;
    const outcomes = await collect(trip.outcomes);
    expect(outcomes.map((o) => [o.row, o.status, o.problems.map((p) => p.code)])).toEqual([
      [last, 'invalid', ['header_repeated_reordered']],
      [last + 1, 'invalid', ['under_reordered_header']],
      [last + 2, 'skipped', []],
    ]);
    expect(problemLine(outcomes[1]!.problems[0]!)).toMatch(
      new RegExp(`^row ${last + 1}.*is below row ${last}, which repeats the header in another order`),
    );
    expect(outcomes[2]!.skipped?.reason).toMatch(/repeats the header \(row 1\)/);
    expect(trip.summary()).toMatchObject({ changed: 0, invalid: 2, skipped: 1 });
    expect(sandbox.account().case_requests.find((request) => request.id === movedId)).toEqual(before);
  });

  it('says a plain workbook is not a round-trip file', async () => {
    const out = join(dir, 'report.xlsx');
    await exportCaseRequests({
      api,
      filters: {},
      format: 'xlsx',
      preset: 'report',
      out,
      reference: await api.getReference(),
      accountLabel: 'x',
    });
    expect(await isRoundTripWorkbook(fileSource(out))).toBe(false);
    expect(await prepareRoundTripImport(fileSource(out), api, { waysOut: CLI_WAYS_OUT })).toBeNull();
  });
});
