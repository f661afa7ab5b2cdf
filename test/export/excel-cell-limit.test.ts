/**
 * Text longer than Excel's 32,767 characters per cell: the export says which cells (its notes, which the
 * CLI prints on stderr and in --json, and the Export info sheet), and the import of a round-trip file
 * saved by a program that cut such a cell refuses the cut value, naming the row and column. Before, the
 * file said nothing, and the import sent the first 32,767 characters over the whole text. The cut is
 * made by openpyxl (as Excel would make it); the file is read back against the sandbox over HTTP.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { exportCaseRequests, prepareRoundTripImport, type RowOutcome } from '../../core/index.ts';
import { problemLine } from '../../core/report/problem-text.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { fileSource } from './helpers.ts';
import { sandboxApi, type ExportApi } from './sandbox-api.ts';
import { runPythonAsync } from '../helpers/run-python.ts';

/** 40,000 characters, none of them blank at the cut, so the cut value is exactly the first 32,767. */
const LONG = Array.from({ length: 4000 }, (_, i) => `note${String(i).padStart(5, '0')}.`).join('');

let sandbox: RunningSandbox;
let api: ExportApi;
let dir: string;
let injuryId: number;

beforeEach(async () => {
  const account = await loadDemoAccount();
  const first = account.case_requests[0]!;
  const injury = first.custom_fields.find((field) => field.id === 14)!;
  injury.value = LONG;
  // A part of the client, which an update sends whole: a cut copy there would go with any client edit.
  first.client = { ...first.client!, address_3: LONG };
  injuryId = Number(first.id);
  account.case_requests = account.case_requests.slice(0, 2);
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  api = sandboxApi(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'excel-limit-'));
});
afterEach(() => sandbox.close());

async function exported(preset: 'report' | 'round-trip', format: 'xlsx' | 'csv' = 'xlsx') {
  const out = join(dir, `${preset}.${format}`);
  const result = await exportCaseRequests({
    api,
    filters: {},
    format,
    preset,
    out,
    reference: await api.getReference(),
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  return { out, notes: result.notes };
}

const python = (script: string, ...args: string[]) => runPythonAsync(script, args, { maxBuffer: 10_000_000 });

describe("text over Excel's cell limit", () => {
  it('the export names the cells, in its notes and on the Export info sheet', async () => {
    const { out, notes } = await exported('report');
    const said =
      '2 cells hold more than the 32,767 characters Excel keeps in a cell: Client Address 3 in Case Requests S2 (40,000 characters), Injury Description in Case Requests AL2 (40,000 characters). Excel cuts them to the first 32,767 characters when it opens the file; read or edit such values in the CSV export, which keeps them whole.';
    expect(notes).toEqual([said]);
    const { stdout } = await python(
      `import openpyxl, sys, json
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({'info': dict((r[0].value, r[1].value) for r in wb['Export info'].iter_rows()), 'length': len(wb['Case Requests']['AL2'].value)}))`,
      out,
    );
    const read = JSON.parse(stdout) as { info: Record<string, string>; length: number };
    expect(read.info['Cells too long']).toBe(said);
    // Written whole: the cut is Excel's to make, and the note says so.
    expect(read.length).toBe(40_000);
    const roundTrip = await exported('round-trip');
    expect(roundTrip.notes.at(-1)).toMatch(
      /An import of this file takes such a cell as Excel cuts it as unedited, and refuses any edit of it \(edit it in Trackops or in a CSV export\)\.$/,
    );
    // The CSV keeps the value whole and has nothing to say.
    expect((await exported('report', 'csv')).notes).toEqual([]);
  });

  it('the round trip takes a value Excel only cut as unedited, refuses any edit of it, and a cut client part sent whole', async () => {
    const { out } = await exported('round-trip');
    const cut = join(dir, 'cut.xlsx');
    const editedCut = join(dir, 'edited-cut.xlsx');
    const rewritten = join(dir, 'rewritten.xlsx');
    const other = join(dir, 'other.xlsx');
    const cutAndOther = join(dir, 'cut-and-other.xlsx');
    const cutClient = join(dir, 'cut-client.xlsx');
    // openpyxl keeps the hidden sheet and does not cut: the cuts are made here as Excel makes them.
    await python(
      `import openpyxl, sys
cut = lambda v: v[:32767]
edits = {
    sys.argv[2]: [('custom_fields.14', cut), ('client.address_3', cut)],
    sys.argv[3]: [('custom_fields.14', lambda v: 'URGENT ' + v[:32767 - 7])],
    sys.argv[4]: [('custom_fields.14', lambda v: 'Rewritten after the call.')],
    sys.argv[5]: [('notes', lambda v: 'Called back on Monday.')],
    sys.argv[6]: [('custom_fields.14', cut), ('client.address_3', cut), ('notes', lambda v: 'Called back on Monday.')],
    sys.argv[7]: [('client.address_3', cut), ('client.city', lambda v: 'Boulder')],
}
for path, changes in edits.items():
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb['Case Requests']
    head = [c.value for c in ws[1]]
    for column, edit in changes:
        cell = ws.cell(row=2, column=head.index(column) + 1)
        cell.value = edit(cell.value)
    wb.save(path)`,
      out,
      cut,
      editedCut,
      rewritten,
      other,
      cutAndOther,
      cutClient,
    );
    const outcomes = async (path: string) => {
      const plan = (await prepareRoundTripImport(fileSource(path), api, { waysOut: CLI_WAYS_OUT }))!;
      const all: RowOutcome[] = [];
      for await (const outcome of plan.outcomes) all.push(outcome);
      return all;
    };
    // Every long cell as Excel keeps it, nothing else edited: nothing to send, nothing refused.
    expect(await outcomes(cut)).toEqual([]);
    // Beside an edit of another cell: the edit is sent, the cut values are not.
    const cutBeside = await outcomes(cutAndOther);
    expect(cutBeside.map((outcome) => [outcome.row, outcome.status])).toEqual([[2, 'valid']]);
    expect(cutBeside[0]!.body).toEqual({ notes: 'Called back on Monday.' });
    // A client edit sends the client whole, its cut part with it: refused, naming the cut cell.
    const refused = await outcomes(cutClient);
    expect(refused.map((outcome) => [outcome.row, outcome.status, outcome.targetId])).toEqual([
      [2, 'invalid', injuryId],
    ]);
    expect(refused[0]!.problems.map(problemLine)).toEqual([
      `row 2, client.address_3 = '${LONG.slice(0, 60)}… (32,767 characters)': is the exported text cut to its ` +
        'first 32,767 characters, as Excel cuts a longer cell when it opens or saves a file; sent, it would ' +
        'replace the whole text in Trackops with its start, so this row is not sent. Make edits to rows with ' +
        'values this long in a CSV export (trackops-bulk export --out FILE.csv), which keeps them whole',
    ]);
    const edit =
      ': was edited, but the value exported in this cell had 40,000 characters, more than the 32,767 an Excel ' +
      'cell holds, so this file held only its start: sent, the edit would replace the whole text in Trackops ' +
      'and lose the rest, so this row is not sent. Make this edit in Trackops itself, or in a CSV export ' +
      '(trackops-bulk export --out FILE.csv), which keeps the value whole';
    const editedOutcomes = await outcomes(editedCut);
    expect(editedOutcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([[2, 'invalid']]);
    expect(editedOutcomes[0]!.problems.map((found) => [found.code, problemLine(found)])).toEqual([
      [
        'edited_over_cell_limit',
        `row 2, custom_fields.14 = 'URGENT ${LONG.slice(0, 53)}… (32,767 characters)'${edit}`,
      ],
    ]);
    // Rewritten whole is an edit made where the rest could not be seen: refused the same way.
    const rewrittenOutcomes = await outcomes(rewritten);
    expect(rewrittenOutcomes[0]!.problems.map(problemLine)).toEqual([
      `row 2, custom_fields.14 = 'Rewritten after the call.'${edit}`,
    ]);
    // The long cell as exported, beside an edit of another cell: the edit is sent, the long value is not.
    const taken = await outcomes(other);
    expect(taken.map((outcome) => [outcome.row, outcome.status])).toEqual([[2, 'valid']]);
    expect(taken[0]!.body).toEqual({ notes: 'Called back on Monday.' });
  });
});
