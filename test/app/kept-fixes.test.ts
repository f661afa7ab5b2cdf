/**
 * A clerk's inline fixes across dry runs of the same file (explore 11 items 2 and 3), through browser
 * mode's HTTP bridge against the built-in sandbox:
 * - a new dry run given the fixes of the last one checks every row with them, under the new mapping,
 *   and says so (before: "Back to mapping" → "Check every row" dropped them without a word);
 * - once the fixed row is sent, the same file checked again shows it as already sent earlier, with its
 *   request, not as a row with errors (before: "1 with errors", though the journal records it created).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CellFixed,
  DryRunPage,
  ImportStatus,
  MappingDraft,
  ProfilesView,
  SheetPreview,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { sentEarlierText } from '../../renderer/src/import/row-status.ts';
import { callVerb, openFile, post } from './http-bridge.ts';

const BAD_EMAIL = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));
const FIX = { row: 8, column: 'Adjuster Email', value: 'bob@acme.example' };

describe('inline fixes kept across dry runs of the same file', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  let sandboxId: string;
  const call = <T>(verb: string, payload: unknown): Promise<T> => callVerb<T>(app, verb, payload);

  const opened = async () => {
    const source = await openFile(app, BAD_EMAIL);
    await call<SheetPreview>('previewSheet', { sourceId: source.sourceId });
    const draft = await call<MappingDraft>('draftMapping', {
      sourceId: source.sourceId,
      profileId: sandboxId,
    });
    return { source, mapping: draft.mapping };
  };
  const finished = async (runId: string): Promise<DryRunPage> => {
    for (;;) {
      const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 100, onlyErrors: false });
      if (page.summary.state !== 'running') return page;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const dryRun = async (source: SourceView, mapping: unknown, fixes?: unknown[]) => {
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: sandboxId,
      mapping,
      ...(fixes ? { fixes } : {}),
    });
    return { runId, page: await finished(runId) };
  };

  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    sandboxId = (await call<ProfilesView>('listProfiles', {})).activeId;
  });
  afterAll(() => app.close());

  it('rule: a dry run given the last one’s fixes checks every row with them and says so', async () => {
    const { source, mapping } = await opened();
    const first = await dryRun(source, mapping);
    expect(first.page.summary).toMatchObject({ rows: 10, valid: 9, invalid: 1 });
    const fixed = await call<CellFixed>('fixCell', { runId: first.runId, ...FIX });
    expect(fixed.summary).toMatchObject({ valid: 10, invalid: 0 });

    // Back to the mapping, which changes (Instructions no longer mapped), and every row checked again.
    const columns = (mapping.columns as { column: string }[]).filter((one) => one.column !== 'Instructions');
    const again = await dryRun(source, { ...mapping, columns }, [FIX]);
    expect(again.page.summary).toMatchObject({ rows: 10, valid: 10, invalid: 0 });
    expect(again.page.summary.keptFixes).toBe(
      '1 cell you fixed in the last dry run was put in again and checked with this mapping.',
    );
    const row8 = again.page.rows.find((row) => row.row === 8)!;
    expect(row8.cells[again.page.summary.headers.indexOf('Adjuster Email')]).toBe('bob@acme.example');
    expect(row8.status).toBe('valid');
  });

  it('rule: a fix whose row is not read now is named; one whose column the sheet lacks is refused', async () => {
    const { source, mapping } = await opened();
    const { page } = await dryRun(source, mapping, [FIX, { row: 40, column: 'Budget', value: '10' }]);
    expect(page.summary.keptFixes).toBe(
      '1 cell you fixed in the last dry run was put in again and checked with this mapping; 1 fix was not: row 40 (Budget) is not among the rows read now (above the header row, or blank).',
    );
    const refused = await post(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: sandboxId,
      mapping,
      fixes: [{ row: 8, column: 'Email', value: 'bob@acme.example' }],
    });
    expect(refused.json.error?.message).toBe(
      'Your fix of row 8 is in the column “Email”, which bad-email.csv as read now does not have. Go back to the mapping step: it names the fixes left out.',
    );
  });

  it('rule: a row sent with a fix is already sent earlier when the same file is checked again, not an error', async () => {
    const { source, mapping } = await opened();
    const { runId } = await dryRun(source, mapping, [FIX]);
    await call('startImport', { runId, profileId: sandboxId });
    let status: ImportStatus;
    do status = await call<ImportStatus>('importStatus', { runId });
    while (status.state === 'running');
    expect(status).toMatchObject({ state: 'done', created: 10 });
    const created = app.sandbox
      .account()
      .case_requests.find((request) => request.reference_value_1 === 'KEPT00006')!;

    // The same file, the old value still in it, checked again with no fix given.
    const again = await opened();
    const { page } = await dryRun(again.source, again.mapping);
    expect(page.summary).toMatchObject({ rows: 10, valid: 0, invalid: 0, sentEarlier: 10 });
    const row8 = page.rows.find((row) => row.row === 8)!;
    expect(row8.cells[page.summary.headers.indexOf('Adjuster Email')]).toBe('bob@');
    expect(row8.sentEarlier).toMatchObject({
      file: 'bad-email.csv',
      caseRequestNumber: created.case_request_number,
    });
    expect(sentEarlierText(row8)).toMatch(
      new RegExp(
        `^Already in Trackops: your earlier send of bad-email\\.csv on .+ created it as ${created.case_request_number}\\. .* Note: the file still holds values the check refuses \\(Adjuster Email: .+\\): that send went with other values \\(a fix typed in the app`,
      ),
    );
    // Not among the rows with errors, and not offered to fix.
    const errors = await call<DryRunPage>('dryRunPage', {
      runId: page.summary.runId,
      offset: 0,
      limit: 100,
      onlyErrors: true,
    });
    expect(errors.total).toBe(0);
    const refused = await post(app, 'fixCell', { runId: page.summary.runId, ...FIX });
    expect(refused.json.error?.message).toMatch(/^Row 8 is already in Trackops: .*created it as REQ-/);

    // Sending it again sends nothing: the row is settled from the journal, as the others.
    const before = app.sandbox.account().case_requests.length;
    await call('startImport', { runId: page.summary.runId, profileId: sandboxId });
    do status = await call<ImportStatus>('importStatus', { runId: page.summary.runId });
    while (status.state === 'running');
    expect(status.state).toBe('done');
    expect(status).toMatchObject({ created: 10, earlier: { created: 10, updated: 0 } });
    expect(app.sandbox.account().case_requests.length).toBe(before);
  });
});
