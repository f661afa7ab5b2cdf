/**
 * An existing output must be a regular file once links are followed (explore 10 item 6): a link to a
 * device hung an .xlsx export reading it, and a .csv export replaced the link with a file. Refused
 * (exit 2), naming it, before anything is read or sent; through a link to a regular file, that file is
 * written and the link kept.
 */
import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { connectionEnv, secretSandbox, TEMPLATE } from './import-helpers.ts';
import { runCli } from './run-cli.ts';

describe('an output that is not a regular file', () => {
  it('export --out linked to /dev/full (.xlsx and .csv): exit 2 at once, no request, the link kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-kinds-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    try {
      for (const name of ['out.xlsx', 'out.csv']) {
        await symlink('/dev/full', join(dir, name));
        const run = await runCli(['export', '--out', join(dir, name)], connectionEnv(sandbox));
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toBe(
          `trackops-bulk: export: --out '${join(dir, name)}' (a link to /dev/full) is a device, not a file this command can write; give the name of a regular file\n`,
        );
        expect(await readlink(join(dir, name))).toBe('/dev/full');
      }
      expect(log).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('validate --report that is a FIFO, import --results that is a link to nothing: exit 2, naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-kinds-'));
    makeRows(join(dir, 'rows.csv'), 1, 'KND');
    execFileSync('mkfifo', [join(dir, 'report.json')]);
    const fifo = await runCli([
      'validate',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--report',
      join(dir, 'report.json'),
    ]);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain(`validate: --report '${join(dir, 'report.json')}' is a pipe (FIFO)`);

    await symlink(join(dir, 'gone', 'results.csv'), join(dir, 'results.csv'));
    const dangling = await runCli([
      'import',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--results',
      join(dir, 'results.csv'),
      '--sandbox',
    ]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain(
      `import: --results '${join(dir, 'results.csv')}' is a link to ${join(dir, 'gone', 'results.csv')}, which does not exist`,
    );
    expect((await lstat(join(dir, 'results.csv'))).isSymbolicLink()).toBe(true);
  });

  it('a link to a regular file: the file it points to is written, the link kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-kinds-'));
    makeRows(join(dir, 'rows.csv'), 1, 'KNL');
    await writeFile(join(dir, 'real.json'), '{}\n');
    await symlink(join(dir, 'real.json'), join(dir, 'report.json'));
    const run = await runCli([
      'validate',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--report',
      join(dir, 'report.json'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('real.json');
    // explore 13 item 4: the link was replaced by a file of its own, the file it pointed to left stale.
    expect((await lstat(join(dir, 'report.json'))).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'real.json'), 'utf8'))).toMatchObject({ rows: [{ row: 2 }] });
  });

  it('export --out through a link: the shared file it points to is written, the link kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-kinds-'));
    // An earlier export (its header's first columns): a file the tool did not write is not replaced unasked.
    await writeFile(join(dir, 'shared.csv'), 'Request Number,Request ID,Case Type\nREQ-OLD,0,Old\n');
    await symlink(join(dir, 'shared.csv'), join(dir, 'latest.csv'));
    const run = await runCli(['export', '--out', join(dir, 'latest.csv'), '--sandbox', '--id', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect((await lstat(join(dir, 'latest.csv'))).isSymbolicLink()).toBe(true);
    const shared = await readFile(join(dir, 'shared.csv'), 'utf8');
    expect(shared).toContain('REQ-00001');
    expect(shared).not.toContain('REQ-OLD');
  });
});
