/**
 * Property of the round trip against the sandbox over HTTP: a round-trip export read back with no edit
 * asks nothing of the account and offers nothing to send; with any one editable cell changed (to the
 * value another request holds there, so that it is a value the account accepts), exactly one update is
 * offered, it carries that cell's parameter (its whole object, for a client or contact part) and nothing
 * else, and once sent the request differs from before in that field alone.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  bytesSource,
  exportCaseRequests,
  prepareRoundTripImport,
  type AccountReference,
  type ByteSource,
  type CaseRequestUpdateBody,
  type RowOutcome,
} from '../../core/index.ts';
import {
  loadDemoAccount,
  startSandbox,
  type AccountFile,
  type RunningSandbox,
  type StoredCaseRequest,
} from '../../sandbox/index.ts';
import { sandboxApi } from './sandbox-api.ts';

let account: AccountFile;
let reference: AccountReference;
/** One round-trip export of the demo account, as bytes, edited afresh by each run. */
let exported: Buffer;

// Each run imports into a sandbox of its own started from the same account (same ids, same
// updated_at), so that the one export stays current and no run sees another's update.
beforeAll(async () => {
  account = await loadDemoAccount();
  const sandbox = await startSandbox({ port: 0, rate: 100_000, account });
  try {
    const api = sandboxApi(sandbox);
    reference = await api.getReference();
    const out = join(await mkdtemp(join(tmpdir(), 'round-trip-edit-')), 'export.xlsx');
    await exportCaseRequests({
      api,
      filters: {},
      format: 'xlsx',
      preset: 'round-trip',
      out,
      reference,
      accountLabel: 'property',
    });
    exported = await readFile(out);
  } finally {
    await sandbox.close();
  }
});

/** What a changed column sends: its own parameter, or the whole object it is a part of. */
const sentKey = (header: string) => /^(client|contact)\./.exec(header)?.[1] ?? header;

/** A stored request's value at a round-trip header ('' for absent: the sheet cannot tell them apart). */
function valueAt(record: StoredCaseRequest, header: string): unknown {
  const [head, part] = header.split('.') as [string, string | undefined];
  const plain = (value: unknown) => (value === null || value === undefined ? '' : value);
  if (head === 'client' || head === 'contact') return plain((record[head] as Record<string, unknown>)[part!]);
  if (head === 'custom_fields')
    return plain(record.custom_fields.find((field) => field.id === Number(part))?.value);
  return plain((record as unknown as Record<string, unknown>)[head]);
}

/** A request with '' for absent values and no updated_at, for comparing before and after. */
function comparable(record: StoredCaseRequest): Record<string, unknown> {
  const drop = (object: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== '' && value != null));
  const { updated_at: _moved, ...rest } = record;
  return {
    ...rest,
    client: drop(record.client as Record<string, unknown>),
    contact: drop(record.contact as Record<string, unknown>),
    custom_fields: record.custom_fields
      .filter((field) => field.value !== '' && field.value != null)
      .sort((a, b) => a.id - b.id),
  };
}

describe('round trip: export, at most one edit, import', () => {
  it('offers nothing for no edit, and exactly the edited parameter for one edit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.record({ row: fc.nat(), column: fc.nat(), from: fc.nat() }), { freq: 4 }),
        async (edit) => {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(exported as unknown as ArrayBuffer);
          const sheet = book.getWorksheet('Case Requests')!;
          const headers = (sheet.getRow(1).values as unknown[]).map(String);
          const meta = book.getWorksheet('_trackops_round_trip')!;
          const editable = new Set<string>();
          meta.eachRow((row) => {
            const [, kind, header, , flag] = row.values as unknown[];
            if (kind === 'column' && flag === 1 && header !== 'id') editable.add(String(header));
          });
          const rows = sheet.rowCount - 1;
          const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header));
          let changed: { id: number; header: string; from: number } | null = null;
          if (edit) {
            const editableColumns = headers.filter((header) => editable.has(header));
            const header = editableColumns[edit.column % editableColumns.length]!;
            const rowNumber = 2 + (edit.row % rows);
            const text = (row: number) => JSON.stringify(cell(row, header).value ?? null);
            const caseType = (row: number) => cell(row, 'case_type_id').value;
            // Another request's value in the same column, different and not empty (emptying is refused);
            // a custom field's from a request of the same case type (the type decides which fields it has).
            const others = Array.from({ length: rows }, (_, index) => index + 2).filter(
              (row) =>
                text(row) !== text(rowNumber) &&
                text(row) !== 'null' &&
                text(row) !== '""' &&
                (!header.startsWith('custom_fields.') || caseType(row) === caseType(rowNumber)),
            );
            fc.pre(others.length > 0);
            const source = others[edit.from % others.length]!;
            cell(rowNumber, header).value = cell(source, header).value;
            changed = {
              id: Number(cell(rowNumber, 'id').value),
              header,
              from: Number(cell(source, 'id').value),
            };
          }
          const edited = bytesSource('edited.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));

          const sandbox = await startSandbox({ port: 0, rate: 100_000, account });
          try {
            await check(sandbox, edited, changed);
          } finally {
            await sandbox.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);
});

async function check(
  sandbox: RunningSandbox,
  edited: ByteSource,
  changed: { id: number; header: string; from: number } | null,
): Promise<void> {
  const api = sandboxApi(sandbox);
  const before = sandbox.account().case_requests;
  const asked = sandbox.stats().requests;
  const plan = (await prepareRoundTripImport(edited, api, { waysOut: CLI_WAYS_OUT, reference }))!;
  const outcomes: RowOutcome[] = [];
  for await (const outcome of plan.outcomes) outcomes.push(outcome);
  if (!changed) {
    expect(outcomes).toEqual([]);
    expect(sandbox.stats().requests - asked).toBe(0);
    return;
  }
  expect(outcomes.map((o) => [o.status, o.targetId, o.problems])).toEqual([['valid', changed.id, []]]);
  // Nothing changed in Trackops since the export: one count settles the edited row.
  expect([plan.requests(), sandbox.stats().requests - asked]).toEqual([1, 1]);
  const body = outcomes[0]!.body as CaseRequestUpdateBody;
  const field = /^custom_fields\.(\d+)$/.exec(changed.header);
  if (field) {
    expect(Object.keys(body)).toEqual(['custom_fields']);
    expect(body.custom_fields!.map((entry) => entry.id)).toEqual([Number(field[1])]);
  } else expect(Object.keys(body)).toEqual([sentKey(changed.header)]);

  const writes = sandbox.stats().writesCommitted;
  await api.updateCaseRequest(changed.id, body);
  expect(sandbox.stats().writesCommitted - writes).toBe(1);
  const after = sandbox.account().case_requests;
  const byId = (records: StoredCaseRequest[], id: number) => records.find((r) => r.id === id)!;
  const target = byId(after, changed.id);
  expect(valueAt(target, changed.header)).toEqual(valueAt(byId(before, changed.from), changed.header));
  // Nothing else of this request, and nothing of any other request, moved.
  const expected = structuredClone(byId(before, changed.id));
  const undo = structuredClone(target);
  const [head, part] = changed.header.split('.') as [string, string | undefined];
  if (head === 'custom_fields') {
    const id = Number(part);
    undo.custom_fields = [
      ...undo.custom_fields.filter((f) => f.id !== id),
      ...expected.custom_fields.filter((f) => f.id === id),
    ];
  } else if (part)
    (undo[head as 'client'] as Record<string, unknown>)[part] = valueAt(expected, changed.header);
  else
    (undo as unknown as Record<string, unknown>)[head] = (expected as unknown as Record<string, unknown>)[
      head
    ];
  expect(comparable(undo)).toEqual(comparable(expected));
  const others = (records: StoredCaseRequest[]) =>
    records.filter((r) => r.id !== changed!.id).map(comparable);
  expect(others(after)).toEqual(others(before));
}
