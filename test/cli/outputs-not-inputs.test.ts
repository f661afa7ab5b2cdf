/**
 * A file a command writes is never a file it reads (explore8 #2: `import k.csv --results k.csv`
 * removed the input when the run started and replaced it with the results; after a kill only
 * k.unfinished.csv was left, and --resume found no file, or another one). Each case is refused with
 * exit 2 before anything is read, written or sent: the input is byte for byte what it was, the folder
 * holds nothing new and the sandbox saw no request.
 * - import --results / --journal naming the input, through the same name, a symlink or a hard link;
 *   --results naming the mapping; --results and --journal naming one file.
 * - validate --report through a symlink to the file being checked (the same name was refused already).
 * - revert --results / --revert-journal naming the journal being reverted.
 */
import { link, mkdtemp, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox, type SandboxWithLog } from './import-helpers.ts';
import { runCli } from './run-cli.ts';

let server: SandboxWithLog;
beforeAll(async () => {
  server = await secretSandbox({ rate: 1000 });
});
afterAll(async () => {
  await server.sandbox.close();
});

/** A folder holding k.csv (3 rows) and map.json; returns it with the bytes of k.csv. */
async function folder(): Promise<{ dir: string; input: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-out-in-'));
  makeRows(join(dir, 'k.csv'), 3, 'SAME');
  await writeFile(join(dir, 'map.json'), await readFile(TEMPLATE));
  return { dir, input: await readFile(join(dir, 'k.csv')) };
}

async function refusedImport(
  args: string[],
  prepare: (dir: string) => Promise<void> = async () => {},
): Promise<{ stderr: string; dir: string }> {
  const { dir, input } = await folder();
  await prepare(dir);
  const before = (await readdir(dir)).sort();
  const requests = server.log.length;
  const run = await importCli(
    ['k.csv', '--mapping', 'map.json', ...args],
    dir,
    connectionEnv(server.sandbox),
  );
  expect(run.code, run.stderr).toBe(2);
  expect(await readFile(join(dir, 'k.csv'))).toEqual(input);
  expect((await readdir(dir)).sort()).toEqual(before);
  expect(server.log.length).toBe(requests);
  return { stderr: run.stderr, dir };
}

describe('import refuses to write over the file it imports', () => {
  it('--results naming the input: exit 2, the input untouched, no journal, no request', async () => {
    const { stderr } = await refusedImport(['--results', 'k.csv']);
    expect(stderr).toContain("import: --results 'k.csv' is the file being imported");
    expect(stderr).toContain('e.g. --results k-results.csv');
  }, 60_000);

  it('--results through a symlink to the input', async () => {
    const { stderr } = await refusedImport(['--results', 'link.csv'], (dir) =>
      symlink(join(dir, 'k.csv'), join(dir, 'link.csv')),
    );
    expect(stderr).toContain("--results 'link.csv' is the file being imported ('k.csv', the same file");
  }, 60_000);

  it('--results through a hard link to the input', async () => {
    const { stderr } = await refusedImport(['--results', 'hard.csv'], (dir) =>
      link(join(dir, 'k.csv'), join(dir, 'hard.csv')),
    );
    expect(stderr).toContain("--results 'hard.csv' is the file being imported");
  }, 60_000);

  it('--journal naming the input', async () => {
    const { stderr } = await refusedImport(['--journal', './k.csv']);
    expect(stderr).toContain("import: --journal './k.csv' is the file being imported");
    expect(stderr).toContain('e.g. --journal k.journal.jsonl');
  }, 60_000);

  it('--results naming the mapping', async () => {
    const { stderr } = await refusedImport(['--results', 'map.json']);
    expect(stderr).toContain("import: --results 'map.json' is the mapping");
  }, 60_000);

  it("--results whose unfinished name is the input (a killed run's file fed back in)", async () => {
    // explore 9 item 3: `import k.unfinished.csv --results k.csv` wrote the results into the input.
    const { dir, input } = await folder();
    await rename(join(dir, 'k.csv'), join(dir, 'k.unfinished.csv'));
    const requests = server.log.length;
    const run = await importCli(
      ['k.unfinished.csv', '--mapping', 'map.json', '--results', 'k.csv'],
      dir,
      connectionEnv(server.sandbox),
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      "import: --results 'k.csv' (written as 'k.unfinished.csv' until the run ends) is the file being imported; writing it would destroy it",
    );
    expect(await readFile(join(dir, 'k.unfinished.csv'))).toEqual(input);
    expect((await readdir(dir)).sort()).toEqual(['k.unfinished.csv', 'map.json']);
    expect(server.log.length).toBe(requests);
  }, 60_000);

  it('--results and --journal naming one file', async () => {
    const { stderr } = await refusedImport(['--results', 'out.csv', '--journal', 'out.csv']);
    expect(stderr).toContain("import: --results 'out.csv' and --journal 'out.csv' are the same file");
  }, 60_000);
});

describe('validate refuses a report that is the checked file under another name', () => {
  it('--report through a symlink to the file being checked: exit 2, the file untouched', async () => {
    const { dir, input } = await folder();
    await symlink(join(dir, 'k.csv'), join(dir, 'link.csv'));
    const run = await runCli([
      'validate',
      join(dir, 'link.csv'),
      '--mapping',
      join(dir, 'map.json'),
      '--report',
      join(dir, 'k.csv'),
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('is the file being checked');
    expect(await readFile(join(dir, 'k.csv'))).toEqual(input);
  }, 60_000);
});

describe('revert refuses to write over the journal it reverts', () => {
  for (const flag of ['--results', '--revert-journal']) {
    it(`${flag} naming the journal: exit 2, the journal untouched`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cli-out-in-revert-'));
      const journal = join(dir, 'k.journal.csv');
      await writeFile(journal, 'not read: the refusal comes first\n');
      const run = await runCli(
        ['revert', '--journal', journal, flag, journal],
        connectionEnv(server.sandbox),
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`revert: ${flag} '${journal}' is the journal being reverted`);
      expect(await readFile(journal, 'utf8')).toBe('not read: the refusal comes first\n');
      expect(await readdir(dir)).toEqual(['k.journal.csv']);
    }, 60_000);
  }
});
