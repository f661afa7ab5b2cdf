/**
 * `--sandbox` keeps its practice account between commands (issue 16 point 12): what `import --sandbox`
 * created, `export --sandbox` finds; where the account lives is printed on first use; `sandbox --reset`
 * starts it afresh. Tests point TRACKOPS_SANDBOX_DATA at a temporary folder (test/setup/sandbox-data.ts).
 */
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../cli/connection.ts';
import { SANDBOX_DATA_ENV, sandboxDataPath } from '../../cli/sandbox-data.ts';
import { runCli } from './run-cli.ts';

const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;
const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;

describe('--sandbox between commands', () => {
  it('import --sandbox, then export --sandbox finds the import; sandbox --reset forgets it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sandbox-data-'));
    const env = { [SANDBOX_DATA_ENV]: join(dir, 'practice', 'sandbox-account.json') };
    const imported = await runCli(
      ['import', CLEAN, '--mapping', TEMPLATE, '--sandbox', '--results', join(dir, 'results.json'), '--json'],
      env,
    );
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 10 });

    const out = join(dir, 'found.csv');
    const exported = await runCli(
      ['export', '--sandbox', '--out', out, '--reference-value-1', 'GS-21001', '--columns', 'round-trip'],
      env,
    );
    expect(exported.code).toBe(0);
    expect((await readFile(out, 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(2);

    const reset = await runCli(['sandbox', '--reset'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`Deleted the --sandbox account ${env[SANDBOX_DATA_ENV]}`);
    const afresh = await runCli(
      ['export', '--sandbox', '--out', out, '--reference-value-1', 'GS-21001', '--columns', 'round-trip'],
      env,
    );
    expect(afresh.code).toBe(0);
    expect((await readFile(out, 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(1);
  }, 90_000);

  it('says where the account is kept on first use only (to a person at a terminal)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sandbox-note-'));
    const file = join(dir, 'sandbox-account.json');
    const notes: string[] = [];
    for (let run = 0; run < 2; run++) {
      const connection = await openConnection(
        { sandbox: true, 'sandbox-data': file },
        {},
        {
          notify: (line) => notes.push(line),
        },
      );
      await connection!.close();
    }
    expect(notes).toEqual([
      `The built-in sandbox keeps its practice account in ${file} between commands (start afresh with: trackops-bulk sandbox --reset).`,
    ]);
  });

  it('sandbox --reset deletes only a file that reads as a --sandbox account (report 5 item 4)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sandbox-reset-'));
    const sheet = join(dir, 'referrals.csv');
    const mapping = join(dir, 'template.json');
    await copyFile(CLEAN, sheet);
    await copyFile(TEMPLATE, mapping);
    const sheetBytes = await readFile(sheet);

    const byFlag = await runCli(['sandbox', '--reset', '--sandbox-data', sheet]);
    expect(byFlag.code).toBe(2);
    expect(byFlag.stdout).toBe('');
    expect(byFlag.stderr).toContain(`sandbox --reset: ${sheet} is not JSON`);
    expect(byFlag.stderr).toContain('it was not deleted');
    expect(await readFile(sheet)).toEqual(sheetBytes);

    const byEnv = await runCli(['sandbox', '--reset'], { [SANDBOX_DATA_ENV]: mapping });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain(`sandbox --reset: ${mapping} is not a valid sandbox account file`);
    expect(await readFile(mapping, 'utf8')).toBe(await readFile(TEMPLATE, 'utf8'));

    const missing = await runCli(['sandbox', '--reset', '--sandbox-data', join(dir, 'none.json')]);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('nothing to reset');
  });

  it('sandbox --reset also removes the change log a killed sandbox left, which would bring old requests back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sandbox-reset-log-'));
    const file = join(dir, 'account.json');
    await copyFile(new URL('../../samples/demo-account.json', import.meta.url).pathname, file);
    await writeFile(`${file}.log`, '{"case_request": {"id": 40}}\n');
    const reset = await runCli(['sandbox', '--reset', '--sandbox-data', file]);
    expect(reset.code).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('--sandbox refusing a file names the flag given and shows a byte-order mark, not an invisible character', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sandbox-bom-'));
    const sheet = join(dir, 'referrals.csv');
    await copyFile(CLEAN, sheet);
    const run = await runCli([
      'validate',
      CLEAN,
      '--mapping',
      TEMPLATE,
      '--sandbox',
      '--sandbox-data',
      sheet,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${sheet} is not JSON`);
    expect(run.stderr).toContain('<U+FEFF>');
    expect(run.stderr).not.toContain('\ufeff');
    expect(run.stderr).toContain('give --sandbox-data a new file');
    expect(run.stderr).not.toContain('--data at');

    const byEnv = await runCli(['validate', CLEAN, '--mapping', TEMPLATE, '--sandbox'], {
      [SANDBOX_DATA_ENV]: sheet,
    });
    expect(byEnv.code).toBe(2);
    expect(byEnv.stderr).toContain(`set ${SANDBOX_DATA_ENV} to a new file`);
  });

  it('--sandbox-data without --sandbox is a usage error', async () => {
    const run = await runCli(['validate', CLEAN, '--mapping', TEMPLATE, '--sandbox-data', 'x.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sandbox-data FILE goes with --sandbox');
  });
});

describe('where the --sandbox account lives', () => {
  const home = '/home/clerk';
  it('the flag, else TRACKOPS_SANDBOX_DATA, else the data folder of the OS', () => {
    expect(sandboxDataPath('/tmp/a.json', { [SANDBOX_DATA_ENV]: '/tmp/b.json' }, 'linux', home)).toBe(
      '/tmp/a.json',
    );
    expect(sandboxDataPath(undefined, { [SANDBOX_DATA_ENV]: '/tmp/b.json' }, 'linux', home)).toBe(
      '/tmp/b.json',
    );
    expect(sandboxDataPath(undefined, {}, 'linux', home)).toBe(
      '/home/clerk/.local/share/trackops-bulk/sandbox-account.json',
    );
    expect(sandboxDataPath(undefined, { XDG_DATA_HOME: '/data' }, 'linux', home)).toBe(
      '/data/trackops-bulk/sandbox-account.json',
    );
    expect(sandboxDataPath(undefined, {}, 'darwin', home)).toBe(
      '/home/clerk/Library/Application Support/trackops-bulk/sandbox-account.json',
    );
  });

  it('in tests, is a temporary file, never in the real home folder', () => {
    const path = sandboxDataPath(undefined, process.env);
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(path.startsWith(homedir())).toBe(false);
  });
});
