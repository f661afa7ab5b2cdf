/**
 * A resume whose file was saved again (explore 26 item 4): a workbook opened and saved in LibreOffice,
 * nothing changed, has other bytes, and its journal is bound to the bytes. The refusal says which part
 * of the binding differs (the bytes, the mapping and mode being the same) and why a save changes them,
 * then whether the rows the run sent are still in the file (by content, as a later import compares
 * them), then the safe way on: the run from the beginning, which creates nothing twice. It never sends
 * the clerk looking for a journal "elsewhere". A row edited since is named. Spawned CLI against a
 * sandbox over HTTP; rows written by Python, workbooks by LibreOffice; no claim numbers (what the
 * account's duplicate check cannot catch).
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const ALL = Array.from({ length: 6 }, (_, index) => index);

/**
 * The run stopped after 3 rows (--limit 3) that the resume then meets: set-up, run by the import command's
 * own code in this process (the same requests, journal and --json summary as spawned; a create import
 * as spawned, --limit among its flags, is the --json trial of test/cli/import-stop-signals.test.ts ("import --json stopped by Ctrl-C")). The resume and the run from the beginning, what each test is about, are
 * spawned.
 */
const firstRun = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, cwd, env);

/** How many requests hold each note "NOTE i" (make-rows.py's Instructions). */
function storedByNote(requests: { notes?: string | null }[], note: string): number[] {
  const counts = new Map<string, number>();
  for (const request of requests)
    if (request.notes?.startsWith(`${note} `))
      counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  return [...counts.values()];
}

describe('--resume after the file was saved again', () => {
  it('opened and saved in LibreOffice, nothing changed: says the bytes changed, the rows are the same, and starting over is the way on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resaved-'));
    makeRows(join(dir, 'rows.csv'), 6, 'RSV', ALL, 'Denver', 'Saved again', 'Claim #');
    libreOfficeConvert(join(dir, 'rows.csv'), 'xlsx', dir, 'CSV:44,34,76,1');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = [
      'rows.xlsx',
      '--sheet',
      '1',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--results',
      'out.json',
    ];
    try {
      const trial = await firstRun([...base, '--limit', '3', '--json'], dir, env);
      expect(JSON.parse(trial.stdout)).toMatchObject({ created: 3 });
      const before = await readFile(join(dir, 'rows.xlsx'));
      await mkdir(join(dir, 'saved'));
      libreOfficeConvert(join(dir, 'rows.xlsx'), 'xlsx:Calc MS Excel 2007 XML', join(dir, 'saved'));
      await copyFile(join(dir, 'saved', 'rows.xlsx'), join(dir, 'rows.xlsx'));
      expect((await readFile(join(dir, 'rows.xlsx'))).equals(before), 'LibreOffice wrote other bytes').toBe(
        false,
      );

      const posts = log.filter((entry) => entry.method === 'POST').length;
      const resumed = await importCli([...base, '--resume'], dir, env);
      expect(resumed.code).toBe(2);
      const lines = resumed.stderr.trim().split('\n');
      expect(lines[0]).toMatch(
        /^trackops-bulk: import: --resume: rows\.xlsx changed since this run began: its bytes are not those its journal \(.*out\.journal\.jsonl\) was written for, while the mapping and mode are the same \(a program that opens and saves a file, as Excel or LibreOffice do, writes other bytes even when nothing in it was changed\)\. .*nothing was sent\.$/,
      );
      expect(lines[1]).toBe(
        'The rows the run sent are the same: each of the 3 is in the file now with the very values it sent (compared by content, not by bytes).',
      );
      expect(lines[2]).toMatch(/^The safe way on is to run it from the beginning, without --resume: /);
      const start = `trackops-bulk import rows.xlsx --mapping ${TEMPLATE} --sheet 1 --results out.json --rate 100/s`;
      expect(lines[3]).toBe(`  ${start}`);
      expect(lines).toHaveLength(4);
      expect(resumed.stderr).not.toContain('elsewhere');
      expect(log.filter((entry) => entry.method === 'POST').length).toBe(posts);

      // The way it names: the rest is sent, the three rows already created are not sent again.
      const again = await importCli([...start.split(' ').slice(2), '--json'], dir, env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 3, skipped: 3, already_sent: 3 });
      expect(storedByNote(sandbox.account().case_requests, 'Saved again')).toEqual(Array(6).fill(1));
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('a row edited since: named as not the same, and what starting over does with it is said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resaved-edit-'));
    makeRows(join(dir, 'rows.csv'), 6, 'RSE', ALL, 'Denver', 'Edited later', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.json'];
    try {
      expect(
        JSON.parse((await firstRun([...base, '--limit', '3', '--json'], dir, env)).stdout),
      ).toMatchObject({
        created: 3,
      });
      // Row 3 (make-rows.py's index 1) gets other instructions.
      const text = await readFile(join(dir, 'rows.csv'), 'utf8');
      await writeFile(join(dir, 'rows.csv'), text.replace('Edited later 1', 'Edited later 1, then changed'));

      const resumed = await importCli([...base, '--resume'], dir, env);
      expect(resumed.code).toBe(2);
      expect(resumed.stderr).toContain(
        'Not all the rows the run sent are the same: 2 of the 3 are in the file now with the values it sent; ' +
          'row 3 (as the run numbered it) is not: changed or removed since. From the beginning, such a row is sent as the file holds it now ' +
          'unless Trackops holds its key: look for its request in Trackops first.',
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
