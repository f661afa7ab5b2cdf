/**
 * What the app learned from the CLI (issue 16), through browser mode's HTTP bridge as the renderer calls
 * it, against the built-in sandbox: the sheet that looks like data opened first; the suggestion's
 * counts the same as `map`'s; a row left out by number (and brought back), never sent, with the
 * rows of its key checked again; templates without row numbers; the report's summary from core's
 * SummaryCounter; a text file refused for its quotes read with another escape character.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CellFixed,
  DryRunPage,
  DryRunSummary,
  MappingDraft,
  ProfilesView,
  SavedFile,
  SheetPreview,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { runCli } from '../cli/run-cli.ts';
import { callVerb, openFile, post } from './http-bridge.ts';

const fixture = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CARRIER = fixture('../fixtures/clerk/carrier-summary-first.xlsx');
const MESSY = fixture('../../samples/referrals-messy.xlsx');
const REPEATED = fixture('../fixtures/app/repeated-claim.csv');
const NO_COUNTRY = fixture('../fixtures/app/no-country.csv');
const ESCAPED = fixture('../fixtures/app/escaped-budgets.csv');
const PASTED = fixture('../fixtures/app/pasted-reordered.csv');

let app: RunningWebApp;
let sandboxId: string;

const call = <T>(verb: string, payload: unknown): Promise<T> => callVerb<T>(app, verb, payload);
const open = (path: string): Promise<SourceView> => openFile(app, path);

/** Opens, previews, drafts and dry-runs a file against the sandbox; the run when it has finished. */
async function dryRun(path: string, edit: (mapping: Record<string, unknown>) => void = () => {}) {
  const source = await open(path);
  await call<SheetPreview>('previewSheet', {
    sourceId: source.sourceId,
    ...(source.chosenSheet ? { sheet: source.chosenSheet } : {}),
  });
  const draft = await call<MappingDraft>('draftMapping', { sourceId: source.sourceId, profileId: sandboxId });
  edit(draft.mapping);
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: sandboxId,
    mapping: draft.mapping,
  });
  let page: DryRunPage;
  do page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 1000, onlyErrors: false });
  while (page.summary.state === 'running');
  return { runId, page, draft, source };
}

describe('the app catches up with core and the CLI', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    sandboxId = (await call<ProfilesView>('listProfiles', {})).activeId;
  });
  afterAll(() => app.close());

  it('opens the sheet that looks like data (not "Summary"), names the others, and says it guessed', async () => {
    const source = await open(CARRIER);
    expect(source.chosenSheet).toBe('Referrals');
    expect(source.sheetGuessed).toBe(true);
    expect(source.sheets).toEqual([
      { name: 'Summary', hidden: false, rows: 5, moreRows: false, headers: 2, recognised: 1 },
      { name: 'Referrals', hidden: false, rows: 23, moreRows: false, headers: 8, recognised: 8 },
      { name: 'Lists', hidden: true },
    ]);
    // With no sheet named, the preview is of the sheet chosen, not the first.
    const preview = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId });
    expect(preview.sheet).toBe('Referrals');
  });

  for (const [name, path] of [
    ['samples/referrals-messy.xlsx', MESSY],
    ['the clerk fixture carrier-summary-first.xlsx', CARRIER],
  ] as const) {
    it(`the suggestion looks at the same rows and says the same as \`map\` (${name})`, async () => {
      const source = await open(path);
      const draft = await call<MappingDraft>('draftMapping', { sourceId: source.sourceId });
      const text = await runCli(['map', path]);
      const json = await runCli(['map', path, '--json']);
      expect(text.code, text.stderr).toBe(0);
      const looked = /values of (?:the first (\d+) of (\d+)|(\d+)) rows looked at/.exec(text.stdout)!;
      const [rows, totalRows] = looked[3]
        ? [Number(looked[3]), Number(looked[3])]
        : [Number(looked[1]), Number(looked[2])];
      expect(draft.sample).toEqual({ rows, totalRows });
      // Offline both, the notes are core's suggestion's, word for word (the file named as each names it).
      const cli = JSON.parse(json.stdout) as { decisions: MappingDraft['notes']; mapping: unknown };
      // Each host says how to fix a header row, and how to connect, in its own terms (--header-row and
      // --sandbox/--url; the sheet step and the Connection screen).
      const named = (notes: MappingDraft['notes'], file: string) =>
        notes.map((note) => ({
          ...note,
          message: note.message
            .replaceAll(file, 'FILE')
            .replace(/\(to fix it, [^)]*\)$/, '(to fix it: HOST)')
            .replace(/need the account \([^)]*\)\.$/, 'need the account (HOST).'),
        }));
      expect(named(draft.notes, source.fileName)).toEqual(named(cli.decisions, path));
      expect(draft.mapping).toEqual(cli.mapping);
    });
  }

  it('carries the footer rules and contact.full_name the suggestion proposes, with help for the target', async () => {
    const source = await open(CARRIER);
    const draft = await call<MappingDraft>('draftMapping', {
      sourceId: source.sourceId,
      profileId: sandboxId,
    });
    expect(draft.mapping.skip).toEqual({
      after: '*** END OF REPORT ***',
      whenFirstCellStartsWith: ['TOTAL', 'Confidential'],
    });
    const columns = draft.mapping.columns as { column: string; target: string }[];
    expect(columns.find((column) => column.column === 'Adjuster')?.target).toBe('contact.full_name');
    expect(draft.targets.find((target) => target.target === 'contact.full_name')).toMatchObject({
      label: 'Contact full name',
      group: 'Contact',
      description: expect.stringContaining('fills the first, middle and last name'),
    });
  });

  it('leaves a row out by number and brings it back; the footer rows say their rule; none is sent', async () => {
    const { runId, page } = await dryRun(CARRIER);
    const footer = page.rows.filter((row) => row.status === 'skipped');
    expect(footer.map((row) => [row.row, row.skipped?.rule])).toEqual([
      [24, 'whenFirstCellStartsWith'],
      [26, 'whenFirstCellStartsWith'],
      [27, 'after'],
    ]);
    expect(footer[0]!.skipped?.reason).toBe(
      `left out: its first cell 'TOTAL' starts with "TOTAL" (skip.whenFirstCellStartsWith)`,
    );
    expect(page.summary).toMatchObject({ rows: 20, valid: 20, invalid: 0, skipped: 3 });
    expect(page.summary.skippedByRule).toEqual({ whenFirstCellStartsWith: 2, after: 1 });

    const left = await call<CellFixed>('leaveRowOut', { runId, row: 5, leave: true });
    expect(left.row).toMatchObject({ row: 5, status: 'skipped', problems: [] });
    expect(left.row.skipped).toEqual({
      rule: 'rows',
      reason: 'left out: row 5 is listed in the mapping (skip.rows)',
    });
    expect(left.summary).toMatchObject({ rows: 19, valid: 19, invalid: 0, skipped: 4 });
    expect(left.summary.skippedByRule).toEqual({ whenFirstCellStartsWith: 2, after: 1, rows: 1 });
    // A footer row comes back by changing its rule, not here.
    const refused = await post(app, 'leaveRowOut', { runId, row: 24, leave: false });
    expect(refused.json.error?.message).toMatch(
      /^Row 24 is left out: its first cell 'TOTAL'.*change that rule/,
    );

    const back = await call<CellFixed>('leaveRowOut', { runId, row: 5, leave: false });
    expect(back.row).toMatchObject({ row: 5, status: 'valid', action: 'create', skipped: null });
    expect(back.summary).toMatchObject({ rows: 20, valid: 20, skipped: 3 });

    // Left out again, then sent: the sandbox gets the 19 other rows, never row 5 nor a footer row.
    await call<CellFixed>('leaveRowOut', { runId, row: 5, leave: true });
    const before = app.sandbox.account().case_requests.length;
    const claimOf5 = page.rows.find((row) => row.row === 5)!.cells[0];
    await call('startImport', { runId, profileId: sandboxId });
    let status: { state: string; created: number; skipped: number };
    do status = await call('importStatus', { runId });
    while (status.state === 'running');
    expect(status).toMatchObject({ state: 'done', created: 19 });
    const added = app.sandbox.account().case_requests.slice(before);
    expect(added).toHaveLength(19);
    expect(added.map((request) => request.reference_value_1)).not.toContain(claimOf5);
  });

  it('leaving out the first of a claim given twice makes the second the first, with no other row checked', async () => {
    const { runId, page } = await dryRun(REPEATED);
    const [first, last] = [page.rows[0]!, page.rows.at(-1)!];
    expect(last.cells[0]).toBe(first.cells[0]);
    expect(last.problems.map((problem) => problem.code)).toEqual(['duplicate_in_file']);
    const left = await call<CellFixed>('leaveRowOut', { runId, row: first.row, leave: true });
    expect(left.also?.map((row) => [row.row, row.status, row.problems])).toEqual([[last.row, 'valid', []]]);
    expect(left.summary.invalid).toBe(page.summary.invalid - 1);
    // Brought back, it is the first again and the last is its duplicate once more.
    const back = await call<CellFixed>('leaveRowOut', { runId, row: first.row, leave: false });
    expect(back.row.status).toBe('valid');
    expect(back.also?.[0]?.problems[0]?.message).toContain(`is also in row ${first.row}`);
    expect(back.summary).toEqual(page.summary);
  });

  it('rule: a header repeated in another order refuses the rows below it, and an inline fix of one of them leaves it refused', async () => {
    const { runId, page } = await dryRun(PASTED);
    const codes = page.rows.map((row) => row.problems.map((problem) => problem.code));
    expect(page.rows).toHaveLength(6);
    expect(codes.slice(3)).toEqual([
      ['header_repeated_reordered'],
      ['under_reordered_header'],
      ['under_reordered_header'],
    ]);
    expect(codes.slice(0, 3).flat()).not.toContain('under_reordered_header');
    const [repeat, under] = [page.rows[3]!, page.rows[4]!];
    // Before: the fixed row was validated alone under the first header, claim and policy swapped, and valid.
    const fixed = await call<CellFixed>('fixCell', {
      runId,
      row: under.row,
      column: 'Instructions',
      value: 'Call first',
    });
    expect(fixed.row.status).toBe('invalid');
    expect(fixed.row.problems.map((problem) => problem.code)).toEqual(['under_reordered_header']);
    expect(fixed.row.problems[0]!.message).toContain(`is below row ${repeat.row}`);
    // The repeat itself, fixed in a cell that keeps it a repeat, still refuses the rows below.
    const header = await call<CellFixed>('fixCell', {
      runId,
      row: repeat.row,
      column: 'Region',
      value: ' region ',
    });
    expect(header.row.problems.map((problem) => problem.code)).toEqual(['header_repeated_reordered']);
    expect(header.summary.invalid).toBe(page.summary.invalid);
  });

  it('a saved template keeps the footer rules but not the rows left out by number', async () => {
    const mapping = {
      version: 1,
      columns: [{ column: 'Claim #', target: 'reference_value_1' }],
      skip: { rows: [5, 9], whenFirstCellStartsWith: ['TOTAL'], after: 'END' },
    };
    await call('saveTemplate', { name: 'carrier', mapping });
    expect(await call('loadTemplate', { name: 'carrier' })).toEqual({
      version: 1,
      columns: [{ column: 'Claim #', target: 'reference_value_1' }],
      skip: { whenFirstCellStartsWith: ['TOTAL'], after: 'END' },
    });
    await call('saveTemplate', { name: 'only-rows', mapping: { ...mapping, skip: { rows: [5] } } });
    expect(await call('loadTemplate', { name: 'only-rows' })).not.toHaveProperty('skip');
  });

  it('a problem of the mapping is counted once, in the dry run and in its report, as the CLI counts it', async () => {
    const { runId, page } = await dryRun(NO_COUNTRY);
    const expected = {
      code: 'required_unmapped',
      target: 'client.country',
      rows: page.summary.rows,
      firstRow: 2,
    };
    expect(page.summary.mappingProblems).toEqual([expect.objectContaining(expected)]);
    expect(page.rows[0]!.problems.find((problem) => problem.target === 'client.country')?.scope).toBe(
      'mapping',
    );
    const saved = await call<SavedFile>('saveReport', { runId, format: 'json' });
    if (saved.kind !== 'download') throw new Error('browser mode downloads');
    const report = JSON.parse(Buffer.from(saved.bytesBase64, 'base64').toString('utf8')) as {
      summary: DryRunSummary;
    };
    expect(report.summary.mappingProblems).toEqual([expect.objectContaining(expected)]);
  });

  it('a text file refused for its quotes is kept, and reads with the escape character it uses', async () => {
    const source = await open(ESCAPED);
    expect(source.refused?.code).toBe('damaged_text');
    expect(source.refused?.message).toContain('give "\\" as the escape character');
    const preview = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId, escape: '\\' });
    expect(preview.escape).toBe('\\');
    expect(preview.rows[0]!.cells.at(-1)).toBe('Said "call me after 5", then left');
    // The dry run reads the file as the picker did.
    const draft = await call<MappingDraft>('draftMapping', { sourceId: source.sourceId });
    expect(draft.columnValues.Instructions).toContain('Said "call me after 5", then left');
  });
});
