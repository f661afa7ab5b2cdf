/**
 * A request too large for a gateway in front of Trackops (413) or an address too long (414) is said as
 * what it is, naming what to shorten; a 413 row is not "retried" by --resume, which would get the same
 * answer forever (explored: "run again with --resume to retry this row", and the resume got the same
 * 413; the 3,800-character cell was not named). Real HTTP: the sandbox behind an nginx-like proxy with
 * small limits; the file written by Python's csv module; the CLI spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startSizeLimitProxy } from '../batch/proxies.ts';
import { BIN, importCli, secretSandbox, TEMPLATE } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
});
afterAll(async () => {
  await sandbox.close();
});

function envFor(baseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TRACKOPS_URL: baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
}

/** Rows in the sample's shape; the second's Instructions made 3,800 characters long (Python's csv module). */
function rowsWithALongNote(file: string): void {
  makeRows(file, 3, 'BIG');
  runPython(
    `import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
rows[2][rows[0].index('Instructions')] = 'Long instructions. ' * 200
csv.writer(open(sys.argv[1], 'w', encoding='utf-8', newline='')).writerows(rows)`,
    [file],
  );
}

describe('413: a row too large for the gateway', () => {
  it('fails naming its longest cell and what to do; --resume does not send it again', async () => {
    const proxy = await startSizeLimitProxy(sandbox.baseUrl, { bodyBytes: 3000 });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'too-large-'));
      rowsWithALongNote(join(dir, 'rows.csv'));
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.json'];
      const run = await importCli(args, dir, envFor(proxy.baseUrl));
      expect(run.code).toBe(1);
      const rows = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')).rows;
      expect(rows.map((row: { status: string }) => row.status)).toEqual(['created', 'failed', 'created']);
      expect(rows[1].errors).toEqual([
        {
          code: 'api_too_large',
          column: 'Instructions',
          target: 'notes',
          value: 'Long instructions. '.repeat(200),
          message:
            "Trackops, or a gateway in front of it, refused this row's request as too large (413): nothing was stored. " +
            "Its longest values: column 'Instructions' (3,800 characters). Shorten them in the file and import it again, " +
            "or ask the account's administrator to accept larger requests (sent again as it is, the row gets the same answer).",
        },
      ]);
      // The terminal shows the start of the cell and its length, not 3,800 characters of it.
      expect(run.stdout).toContain(
        "row 3: Instructions = 'Long instructions. Long instructions. Long instructions. Lon…' (3,800 characters): " +
          "Trackops, or a gateway in front of it, refused this row's request as too large (413)",
      );
      expect(run.stdout).not.toContain('retry');
      const journal = await readFile(join(dir, 'out.journal.jsonl'), 'utf8');
      expect(journal).not.toContain('"retryable"');
      // Resuming, as a clerk might: the row is not sent into the same 413 again.
      const refusedBefore = proxy.refused;
      const resumed = await importCli([...args, '--resume'], dir, envFor(proxy.baseUrl));
      expect(resumed.code).toBe(1);
      expect(proxy.refused).toBe(refusedBefore);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('414: an address too long for the gateway', () => {
  it('an export with a long filter says which filter, and how long', async () => {
    const proxy = await startSizeLimitProxy(sandbox.baseUrl, { urlChars: 150 });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'too-long-'));
      const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [BIN, 'export', '--out', 'out.csv', '--reference-value-1', 'x'.repeat(180), '--rate', '100/s'],
          { cwd: dir, env: envFor(proxy.baseUrl) },
          (error, _stdout, stderr) =>
            resolve({ code: error ? Number((error as { code?: number }).code) : 0, stderr }),
        ),
      );
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(
        "GET case/requests: Trackops, or a gateway in front of it, refused the request's address as too long " +
          '(414, "414 Request-URI Too Large"); nothing was done. Its longest values: reference_value_1 (180 characters). ' +
          "Give shorter values (filters), or ask the account's administrator to accept longer addresses",
      );
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
