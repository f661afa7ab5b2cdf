/**
 * A file still being written when the import starts (explore 59 item 6: a carrier's SFTP upload writes
 * it in place; the morning job starts before it is done). The journal was bound to the bytes found at
 * the start, the rows were read seconds later (after the account's reference data) from the finished
 * file and sent, and the `--resume` the run printed was then refused as "changed since this run began".
 * Now the rows must come from the bytes the journal is bound to: when the file changed in between,
 * the import stops before sending anything (exit 2, as a file that cannot be read exactly), saying
 * how its size went, and leaves nothing behind, so the same command runs again once the file is whole.
 *
 * Spawned CLI against a sandbox through a real HTTP hop that holds the first reference-data request:
 * the test changes the file while the import waits on it, then lets it go on (no timing guess). Rows
 * written by Python's csv module. The journal such a run removes leaves the account's journal lists too:
 * the next import into the account does not call it gone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdingProxy } from '../helpers/holding-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { BIN, TEMPLATE, connectionEnv, exited, importCli, runCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** The account's reference lists: read after the journal is bound, before the rows are. */
const reference = (method: string, path: string) => method === 'GET' && !path.includes('/case/requests');

/**
 * `import drop.csv` started on `partial`, the file turned into `complete` while the import waits on its
 * first reference-data request; what it said, and what reached the sandbox. With `otherImport`, another
 * import into the account then (what the journal lists say of the refused run's journal).
 */
async function importWhileWritten(dir: string, partial: Buffer, complete: Buffer, otherImport = true) {
  await writeFile(join(dir, 'drop.csv'), partial);
  const { sandbox, log } = await secretSandbox({ rate: 1000 });
  const proxy = await holdingProxy(sandbox.baseUrl, reference);
  const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
  try {
    const child = spawn(process.execPath, [BIN, 'import', ...args], {
      cwd: dir,
      env: { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = exited(child);
    const first = await Promise.race([proxy.held, ended.then(() => null)]);
    if (first === null) throw new Error(`ended before reading the reference data: ${stderr}`);
    // The upload goes on (in place, as SFTP writes) while the import reads the account.
    await writeFile(join(dir, 'drop.csv'), complete);
    proxy.release();
    const { code } = await ended;
    const writes = log.filter((entry) => entry.method !== 'GET').length;
    const files = (await readdir(dir)).sort();
    // Another import into the account, of another file in another folder: the journal the refused run
    // removed is not one "gone" (explore 62 item 3: it named it, and sent the clerk to the recycle bin).
    const otherDir = await mkdtemp(join(tmpdir(), 'cli-still-written-other-'));
    makeRows(join(otherDir, 'other.csv'), 2, 'FSO', [], 'Boulder', 'Another file');
    const other = otherImport
      ? await importCli(
          ['other.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'o.csv', '--json'],
          otherDir,
          // Through the proxy: the account the refused run was in (its address is the account's key).
          { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
        )
      : null;
    // The same command once the file is whole, straight to the sandbox.
    const again = await importCli(args, dir, connectionEnv(sandbox));
    return { code, stdout, stderr, writes, files, other, again };
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

describe('a file still being written when the import starts', () => {
  it('grown while the account is read: nothing is sent, the sizes are said, exit 2; the same command then imports it whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-still-written-'));
    makeRows(join(dir, 'complete.csv'), 5, 'FSW');
    const complete = await readFile(join(dir, 'complete.csv'));
    // The upload so far: the header and two whole rows (CRLF lines, as Python's csv module writes them).
    const lines = complete.toString('utf8').split('\r\n');
    const partial = Buffer.from(`${lines.slice(0, 3).join('\r\n')}\r\n`, 'utf8');
    const run = await importWhileWritten(dir, partial, complete);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `trackops-bulk: import: drop.csv was still being written when the import started: its size went ${partial.length} bytes → ` +
        `${(complete.length / 1024).toFixed(1)} KB while it was read, so its rows are not the bytes this run began with. Nothing was sent. ` +
        'Run the import again when the file is complete',
    );
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.writes).toBe(0);
    // No journal, results or lock left: the same command simply runs again.
    expect(run.files).toEqual(['complete.csv', 'drop.csv']);
    expect(run.other?.code, run.other?.stderr).toBe(0);
    expect(run.other?.stderr).not.toContain('is gone');
    expect(run.again.code).toBe(0);
    expect(JSON.parse(run.again.stdout)).toMatchObject({ rows: 5, created: 5 });
  }, 60_000);

  it('rewritten at the same size: its bytes changed is said, nothing is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-still-written-same-'));
    makeRows(join(dir, 'complete.csv'), 3, 'FSS');
    const complete = await readFile(join(dir, 'complete.csv'));
    // A writer that fills the file in place: one cell differs, the size does not.
    const partial = Buffer.from(complete.toString('utf8').replace('Denver 2', 'Denvar 2'), 'utf8');
    expect(partial.length).toBe(complete.length);
    // The other import's words are the first test's: not run here.
    const run = await importWhileWritten(dir, partial, complete, false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `trackops-bulk: import: drop.csv was still being written when the import started: its bytes changed (its size stayed ${(complete.length / 1024).toFixed(1)} KB) while it was read`,
    );
    expect(run.writes).toBe(0);
    expect(JSON.parse(run.again.stdout)).toMatchObject({ rows: 3, created: 3 });
  }, 60_000);
});

describe('a file still being written when validate starts', () => {
  it("grown while the account is read: refused in import's words, exit 2, no report kept; run again it checks the whole file", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-still-written-validate-'));
    makeRows(join(dir, 'complete.csv'), 5, 'FSV');
    const complete = await readFile(join(dir, 'complete.csv'));
    const lines = complete.toString('utf8').split('\r\n');
    const partial = Buffer.from(`${lines.slice(0, 3).join('\r\n')}\r\n`, 'utf8');
    await writeFile(join(dir, 'drop.csv'), partial);
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const proxy = await holdingProxy(sandbox.baseUrl, reference);
    const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--report', 'report.csv', '--json'];
    try {
      const child = spawn(process.execPath, [BIN, 'validate', ...args], {
        cwd: dir,
        env: { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const ended = exited(child);
      const first = await Promise.race([proxy.held, ended.then(() => null)]);
      if (first === null) throw new Error(`ended before reading the reference data: ${stderr}`);
      await writeFile(join(dir, 'drop.csv'), complete);
      proxy.release();
      const { code } = await ended;
      expect(code).toBe(2);
      expect(stderr).toContain(
        `trackops-bulk: validate: drop.csv was still being written when the check started: its size went ${partial.length} bytes → ` +
          `${(complete.length / 1024).toFixed(1)} KB while it was read, so its rows are not one version of the file, and no report was kept. ` +
          'Run validate again when the file is complete',
      );
      // --json: one object on stdout, which names the refusal.
      expect(JSON.parse(stdout)).toMatchObject({ error: { exit: 2, kind: 'file_still_written' } });
      expect((await readdir(dir)).sort()).toEqual(['complete.csv', 'drop.csv']);
      const again = await runCli('validate', args, dir, connectionEnv(sandbox));
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ rows: 5, valid: 5 });
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});

describe('a file still being written when a --resume starts', () => {
  it('refused, its journal kept, and the advice given is the command that then works: from the beginning, nothing sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-still-written-resume-'));
    makeRows(join(dir, 'complete.csv'), 5, 'FSR');
    const complete = await readFile(join(dir, 'complete.csv'));
    const lines = complete.toString('utf8').split('\r\n');
    // Monday's trial on the first three rows, then the carrier starts writing the whole file over it.
    const partial = Buffer.from(`${lines.slice(0, 4).join('\r\n')}\r\n`, 'utf8');
    await writeFile(join(dir, 'drop.csv'), partial);
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
    // Set-up, run by the import command's own code in this process (the same requests, journal and
    // results as spawned; a create import with --limit as spawned is
    // the --json trial of test/cli/import-stop-signals.test.ts ("import --json stopped by Ctrl-C")). The resume the test is about is spawned.
    const trial = await commandInProcess('import', [...args, '--limit', '2'], dir, connectionEnv(sandbox));
    expect(trial.code, trial.stderr).toBe(0);
    const proxy = await holdingProxy(sandbox.baseUrl, reference);
    try {
      const child = spawn(process.execPath, [BIN, 'import', ...args, '--resume'], {
        cwd: dir,
        env: { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = exited(child);
      const first = await Promise.race([proxy.held, ended.then(() => null)]);
      if (first === null) throw new Error(`ended before reading the reference data: ${stderr}`);
      await writeFile(join(dir, 'drop.csv'), complete);
      proxy.release();
      expect((await ended).code).toBe(2);
      expect(stderr).toContain('drop.csv was still being written when the import started');
      expect(stderr).toContain('The journal r.journal.jsonl is kept');
      expect(stderr).not.toContain('Run the import again when the file is complete');
      const advised = /\n {2}trackops-bulk import (.+)\n/.exec(stderr)?.[1];
      expect(advised).toBe(`drop.csv --mapping ${TEMPLATE} --results r.csv --rate 100/s`);
      // The advice, run as given once the file is whole: the rest created, the trial's rows not again.
      const again = await importCli([...advised!.split(' '), '--json'], dir, connectionEnv(sandbox));
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ rows: 5, created: 3, already_sent: 2 });
      const stored = storedByReference(sandbox.account(), 'FSR-');
      expect(stored.size).toBe(5);
      for (const [key, requests] of stored) expect(requests, key).toHaveLength(1);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 90_000);
});
