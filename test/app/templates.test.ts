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
    expect(loaded.json).toMatchObject({ ok: true });
    expect(loaded.json.value).toEqual({ ...mapping, skip: { after: 'Total' } });
  });

  it('a template file edited into something else is refused when loaded, naming it', async () => {
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    await writeFile(
      join(dataDir, 'templates', 'by%20hand.json'),
      JSON.stringify({ version: 1, columns: [{ column: 'Claim', target: 'claim_no' }] }),
    );
    const loaded = await post(app, 'loadTemplate', { name: 'by hand' });
    expect(loaded.json.ok).toBe(false);
    expect(loaded.json.error?.code).toBe('bad_mapping');
    expect(loaded.json.error?.message).toBe(
      "The template 'by hand' is not usable: columns[0].target: unknown target 'claim_no': a target is an API parameter (created_on, reference_value_1, notes, …), client.<part>, contact.<part>, custom_fields.<field id>[.<part>] or subjects.<n>.custom_fields.<field id>[.<part>] (mapping.schema.json lists them)",
    );
  });

  it('a saved template edited by hand into JSON with a slip is refused as the CLI refuses it, not as an unexpected failure', async () => {
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    const lines = [
      '{',
      '  "version": 1,',
      '  "columns": [',
      '    { "column": "Claim", "target": "reference_value_1" },',
      '  ]',
      '}',
      '',
    ];
    await writeFile(join(dataDir, 'templates', 'weekly%20slip.json'), lines.join('\n'));
    const loaded = await post(app, 'loadTemplate', { name: 'weekly slip' });
    expect(loaded.json.error).toEqual({
      code: 'bad_mapping',
      message:
        "The template 'weekly slip' is not usable: is not valid JSON: line 5, column 3: a comma before ]: delete it (JSON allows no trailing comma)",
    });
  });

  it('a saved template that Notepad saved with a byte-order mark loads', async () => {
    const mapping = { version: 1, columns: [{ column: 'Claim', target: 'reference_value_1' }] };
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    await writeFile(
      join(dataDir, 'templates', 'notepad.json'),
      '\uFEFF' + JSON.stringify(mapping, null, 2).replace(/\n/g, '\r\n'),
    );
    const loaded = await post(app, 'loadTemplate', { name: 'notepad' });
    expect(loaded.json).toMatchObject({ ok: true, value: mapping });
    // The same bytes given to "Load from file…" load too.
    const text = '\uFEFF' + JSON.stringify(mapping);
    expect((await post(app, 'importTemplate', { fileName: 'notepad2.json', text })).json.ok).toBe(true);
  });

  it('a saved template Notepad saved as "ANSI" is refused naming the line, as the CLI refuses it', async () => {
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    const text =
      '{\n  "version": 1,\n  "columns": [{ "column": "Instrucci\u00f3n", "target": "notes" }]\n}\n';
    await writeFile(join(dataDir, 'templates', 'ansi.json'), Buffer.from(text, 'latin1'));
    const loaded = await post(app, 'loadTemplate', { name: 'ansi' });
    expect(loaded.json.error?.message).toBe(
      "The template 'ansi' is not usable: is not UTF-8 text: line 3 holds the byte 0xF3, written in another encoding (such as windows-1252, Notepad's \"ANSI\"); save the file again as UTF-8",
    );
  });

  it('a saved template with a key misspelt is refused in the words the CLI uses for the same file', async () => {
    await mkdir(join(dataDir, 'templates'), { recursive: true });
    const text = JSON.stringify({ version: 2, columns: [{ colum: 'Claim', target: 'reference_value_1' }] });
    await writeFile(join(dataDir, 'templates', 'misspelt.json'), text);
    const loaded = await post(app, 'loadTemplate', { name: 'misspelt' });
    expect(loaded.json.error).toEqual({
      code: 'bad_mapping',
      message:
        'The template \'misspelt\' has 3 problems: version: this tool reads mapping files of version 1; columns[0].column: is missing (text belongs there); columns[0].colum: unknown key "colum": write "column"',
    });
  });

  it('a template file that is not JSON is refused with the line and column the CLI names, not a character offset', async () => {
    const text = '{\n  "version": 1,\n  "mode": "create",, "columns": []\n}\n';
    const refused = await post(app, 'importTemplate', { fileName: 'doubled.json', text });
    expect(refused.json.ok).toBe(false);
    expect(refused.json.error?.message).toBe(
      'Mapping doubled.json is not usable: is not valid JSON: line 3, column 20: two commas in a row: delete one',
    );
  });
});

describe('a saved template is never replaced unasked; a template file keeps no row numbers', () => {
  const mine = { version: 1, mode: 'create', columns: [{ column: 'Claim', target: 'reference_value_1' }] };
  const theirs = {
    version: 1,
    mode: 'update',
    match: 'reference_value_1',
    skip: { rows: [2, 3, 4], after: 'Total' },
    columns: [{ column: 'Claim', target: 'reference_value_1' }],
  };

  it('"Save template" under a name in use is refused, naming it, until asked to replace it', async () => {
    expect((await post(app, 'saveTemplate', { name: 'mine', mapping: mine })).json.ok).toBe(true);
    const again = await post(app, 'saveTemplate', { name: 'mine', mapping: { ...mine, mode: 'upsert' } });
    expect(again.json).toEqual({
      ok: false,
      error: {
        code: 'template_exists',
        message: 'A template named “mine” is saved already: replace it, or save this one under another name.',
      },
    });
    expect((await post(app, 'loadTemplate', { name: 'mine' })).json.value).toEqual(mine);
    const replaced = await post(app, 'saveTemplate', {
      name: 'mine',
      mapping: { ...mine, mode: 'upsert' },
      replace: true,
    });
    expect(replaced.json.ok).toBe(true);
    expect((await post(app, 'loadTemplate', { name: 'mine' })).json.value).toEqual({
      ...mine,
      mode: 'upsert',
    });
  });

  it('a template file named as a saved template is refused until asked to replace it, or saved under another name', async () => {
    expect((await post(app, 'saveTemplate', { name: 'weekly2', mapping: mine })).json.ok).toBe(true);
    const text = JSON.stringify(theirs);
    const refused = await post(app, 'importTemplate', { fileName: 'weekly2.json', text });
    expect(refused.json.error?.code).toBe('template_exists');
    expect((await post(app, 'loadTemplate', { name: 'weekly2' })).json.value).toEqual(mine);

    const beside = await post(app, 'importTemplate', { fileName: 'weekly2.json', text, name: 'weekly2 (2)' });
    expect(beside.json.ok).toBe(true);
    expect(beside.json.value).toMatchObject({ name: 'weekly2 (2)', droppedRows: [2, 3, 4] });
    expect((await post(app, 'loadTemplate', { name: 'weekly2' })).json.value).toEqual(mine);

    const replaced = await post(app, 'importTemplate', { fileName: 'weekly2.json', text, replace: true });
    expect(replaced.json.ok).toBe(true);
  });

  it('the same template file loaded again (each week) is no replacement: not asked, and the template unchanged', async () => {
    const text = JSON.stringify(theirs);
    expect((await post(app, 'importTemplate', { fileName: 'weekly3.json', text })).json.ok).toBe(true);
    const again = await post(app, 'importTemplate', { fileName: 'weekly3.json', text });
    expect(again.json.ok, JSON.stringify(again.json)).toBe(true);
    expect(again.json.value).toMatchObject({ name: 'weekly3', droppedRows: [2, 3, 4] });
    // Saving what is saved is the same: nothing replaced, nothing asked.
    const saved = (await post(app, 'loadTemplate', { name: 'weekly3' })).json.value;
    expect((await post(app, 'saveTemplate', { name: 'weekly3', mapping: saved })).json.ok).toBe(true);
    // Any difference is still asked about.
    const changed = JSON.stringify({ ...theirs, mode: 'upsert' });
    const refused = await post(app, 'importTemplate', { fileName: 'weekly3.json', text: changed });
    expect(refused.json.error?.code).toBe('template_exists');
  });

  it('a template file’s rows left out by number are dropped, as "Save template" drops them, and named', async () => {
    const imported = await post(app, 'importTemplate', {
      fileName: 'colleague.json',
      text: JSON.stringify(theirs),
    });
    const kept = { ...theirs, skip: { after: 'Total' } };
    expect(imported.json.value).toMatchObject({ name: 'colleague', droppedRows: [2, 3, 4], mapping: kept });
    expect((await post(app, 'loadTemplate', { name: 'colleague' })).json.value).toEqual(kept);
  });
});
