/**
 * Binding an import (issue 14 point 2), the same for the CLI and the app: the mode (asked, else the
 * mapping's, else create), what the journal is bound to (the same file and mapping find the same
 * journal; another mapping another one), the runner's view of the mapping, and the rows sent planned
 * like the dry run unless nothing needs planning (a create whose mapping says "duplicates": "create"
 * asks the account nothing). Rows by Python's csv module, the sandbox over real HTTP.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bindImport,
  fileSource,
  importMode,
  importRows,
  mappedImportOptions,
  openAccount,
  openSheet,
  sha256,
  type Mapping,
  type OpenAccount,
  type RowOutcome,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, templateMapping } from './helpers.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let account: OpenAccount;
let file: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  account = await openAccount(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pace: { ratePerSecond: 1000, concurrency: 1 } },
  );
  file = join(await mkdtemp(join(tmpdir(), 'bind-import-')), 'rows.csv');
  makeRows(file, 3, 'BIND');
});
afterAll(() => sandbox.close());

async function collect(rows: AsyncIterable<RowOutcome>): Promise<RowOutcome[]> {
  const all: RowOutcome[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('binding an import', () => {
  it('runs in the mode asked for, else the mapping’s, else create', () => {
    expect(importMode({})).toBe('create');
    expect(importMode({ mode: 'update' })).toBe('update');
    expect(importMode({ mode: 'update' }, 'upsert')).toBe('upsert');
  });

  it('binds the journal to the file and the mapping: the same pair finds the same journal', async () => {
    const mapping = await templateMapping();
    const fileHash = sha256('bytes of the file');
    const first = bindImport({ file: 'rows.csv', fileHash, mapping, mode: 'create' });
    const again = bindImport({ file: 'rows.csv', fileHash, mapping: { ...mapping }, mode: 'create' });
    const other = bindImport({
      file: 'rows.csv',
      fileHash,
      mapping: { ...mapping, mode: 'upsert' },
      mode: 'upsert',
    });
    expect(first).toEqual(again);
    expect(first.binding).toEqual({
      file: 'rows.csv',
      fileHash,
      mappingHash: sha256(JSON.stringify(mapping)),
      mode: 'create',
    });
    expect(first.journalName).toBe(
      `${fileHash.slice(0, 16)}-${first.binding.mappingHash.slice(0, 16)}.journal.jsonl`,
    );
    expect(other.journalName).not.toBe(first.journalName);
  });

  it('gives the runner the mode, match key, columns and constants of the mapping', async () => {
    const mapping: Mapping = { ...(await templateMapping()), match: 'reference_value_1' };
    const options = mappedImportOptions(mapping, 'upsert');
    expect(options).toMatchObject({ mode: 'upsert', match: 'reference_value_1', columns: mapping.columns });
    expect(options.constants).toEqual(mapping.constants);
    expect(mappedImportOptions({ ...mapping, match: undefined } as Mapping, 'create').match).toBeNull();
  });

  it('checks the rows with the account and plans creates like the dry run; "duplicates": "create" asks nothing', async () => {
    const mapping = await templateMapping();
    const sheet = () => openSheet(fileSource(file));
    let before = sandbox.stats().requests;
    const planned = await collect(
      importRows(await sheet(), mapping, 'create', account, { waysOut: CLI_WAYS_OUT }),
    );
    expect(planned.map((row) => row.action)).toEqual(['create', 'create', 'create']);
    expect(sandbox.stats().requests).toBeGreaterThan(before);

    before = sandbox.stats().requests;
    const unplanned = await collect(
      importRows(await sheet(), { ...mapping, duplicates: 'create' }, 'create', account, {
        waysOut: CLI_WAYS_OUT,
      }),
    );
    expect(unplanned).toHaveLength(3);
    expect(sandbox.stats().requests).toBe(before);
  });
});
