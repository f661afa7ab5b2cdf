/**
 * The app's dry run of an upsert whose mapping's constants are meant for new referrals (a carrier's
 * name): through browser mode's HTTP bridge against the built-in sandbox, the summary says which
 * constants the matched rows' updates would send too, and how many matched rows each would change, and
 * (as validate and import do) which the updates cannot send at all.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage, ProfilesView, SheetPreview } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { callVerb, openFile } from './http-bridge.ts';

describe('app dry run: upsert constants that overwrite matched requests', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  let dir: string;
  let sandboxId: string;
  const call = <T>(verb: string, payload: unknown): Promise<T> => callVerb<T>(app, verb, payload);

  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    sandboxId = (await call<ProfilesView>('listProfiles', {})).activeId;
    dir = await mkdtemp(join(tmpdir(), 'upsert-constants-'));
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the constant and the matched rows it would change, with what to do instead', async () => {
    const file = join(dir, 'edits.csv');
    await writeFile(file, 'Claim,Notes\nCLM-2026-010400,edited one\nCLM-2026-010437,edited two\n');
    const source = await openFile(app, file);
    await call<SheetPreview>('previewSheet', { sourceId: source.sourceId });
    const mapping = {
      version: 1,
      mode: 'upsert',
      match: 'reference_value_1',
      constants: { case_type_id: 1, case_region_id: 1, 'client.name': 'Northwind Mutual' },
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Notes', target: 'notes' },
      ],
    };
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: sandboxId,
      mapping,
    });
    let page: DryRunPage;
    for (;;) {
      page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
      if (page.summary.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(page.summary.changes?.line).toContain('2 requests would change');
    expect(page.summary.changes?.constants).toContain(
      "Client name (constant 'Northwind Mutual') would change it on 2 matched rows: this constant is sent with every row that finds its request",
    );
    expect(page.summary.changes?.constants).toContain(
      'or import the new rows in a separate run in create mode',
    );
    // What the updates cannot send at all is said beside it, as validate and import say it.
    expect(page.summary.changes?.createOnly).toContain(
      'Case type (constant 1) and Region (constant 1) are used when a row creates a request; an update cannot change them',
    );
  });
});
