/**
 * A template crosses the bridge as core's Mapping (issue 14 point 3): one saved and loaded comes back
 * as it was saved; one edited by hand into something that is not a mapping is refused when it is
 * loaded, naming the template, rather than handed to the wizard.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

let app: RunningWebApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trackops-templates-'));
  app = await startWebApp({ dataDir, staticDir: dataDir, log: () => {} });
});
afterAll(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('templates are mappings', () => {
  it('a saved template loads as it was saved, without the rows left out by number', async () => {
    const mapping = {
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      skip: { rows: [4], after: 'Total' },
      columns: [{ column: 'Claim', target: 'reference_value_1' }],
    };
    expect((await post(app, 'saveTemplate', { name: 'weekly', mapping })).json.ok).toBe(true);
    const loaded = await post(app, 'loadTemplate', { name: 'weekly' });
    expect(loaded.json).toEqual({ ok: true, value: { ...mapping, skip: { after: 'Total' } } });
  });

  it('a template file edited into something else is refused when loaded, naming it', async () => {
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    await writeFile(
      join(dataDir, 'templates', 'by%20hand.json'),
      JSON.stringify({ version: 1, columns: [{ column: 'Claim', target: 'claim_no' }] }),
    );
    const loaded = await post(app, 'loadTemplate', { name: 'by hand' });
    expect(loaded.json.ok).toBe(false);
    expect(loaded.json.error?.code).toBe('input');
    expect(loaded.json.error?.message).toBe(
      "The template 'by hand' is not a mapping: columns.0.target: unknown target 'claim_no'.",
    );
  });
});
