/**
 * Issue 17, point 4: nothing secret is written anywhere, even when a server echoes the request's headers
 * in its error bodies (a JSON 422 with a debug block, an HTML 400, a 500 debug page showing the decoded
 * credentials, a 400 to a listing). An echoing proxy over real HTTP sits in front of the sandbox; import
 * (JSON, CSV and XLSX results, and the journal), validate (its report) and export run through it, and
 * every file they wrote, and their stdout and stderr, are searched for the token in all three forms:
 * the token, the Basic-auth pair `user/token:TOKEN`, and its base64. A token typed into --url by mistake
 * is never echoed either.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startEchoProxy } from '../batch/proxies.ts';
import { runCli } from './run-cli.ts';
import { SECRET_TOKEN, TEMPLATE, importCli, secretSandbox } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const USER = 'importer';
const FORMS = [
  SECRET_TOKEN,
  `${USER}/token:${SECRET_TOKEN}`,
  Buffer.from(`${USER}/token:${SECRET_TOKEN}`).toString('base64'),
];

/** Every file under `dir` as text; an .xlsx is unzipped (by Python's zipfile) so its XML is searched. */
async function everyText(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (name.endsWith('.xlsx')) {
      const script =
        'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist(): sys.stdout.write(z.read(n).decode("utf-8","replace"))';
      texts.set(name, runPython(script, [path]).toString('utf8'));
    } else {
      texts.set(name, await readFile(path, 'utf8'));
    }
  }
  return texts;
}

function expectNoSecret(where: string, text: string): void {
  for (const form of FORMS) expect(text.includes(form), `${where} holds ${form}`).toBe(false);
}

describe('an echoing server never gets the credential written anywhere', () => {
  it('import, validate and export: results, journal, report, stdout and stderr are clean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-echo-'));
    // Claims ending 1, 2 and 3 get the echoing 422, 400 and 500 answers.
    makeRows(join(dir, 'rows.csv'), 8, 'ECH');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const proxy = await startEchoProxy(sandbox.baseUrl);
    const lists = await startEchoProxy(sandbox.baseUrl, { echoLists: true });
    const env = {
      ...process.env,
      TRACKOPS_URL: proxy.baseUrl,
      TRACKOPS_USER: USER,
      TRACKOPS_TOKEN: SECRET_TOKEN,
      // A create whose answer was refused is first looked for 10 ms after it, not 0.5 s (said on stderr).
      TRACKOPS_TEST_FIRST_LOOK_MS: '10',
    };
    const outputs: string[] = [];
    try {
      for (const [results, journal] of [
        ['r.json', 'a.jsonl'],
        ['r.csv', 'b.jsonl'],
        ['r.xlsx', 'c.jsonl'],
      ] as const) {
        const run = await importCli(
          // The 500 is a lost answer: looked for again after 50 ms, not the default 10 s.
          [
            'rows.csv',
            '--mapping',
            TEMPLATE,
            '--rate',
            '100/s',
            '--recheck-after',
            '0.05',
            '--results',
            results,
            '--journal',
            journal,
          ],
          dir,
          env,
        );
        expect(run.code).toBe(1);
        outputs.push(run.stdout, run.stderr);
      }
      const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
      const failed = json.rows.filter((row: { status: string }) => row.status === 'failed');
      expect(failed.map((row: { row: number }) => row.row)).toEqual([3, 4, 5]);
      // The echoed text is still there to read, with the secret replaced.
      expect(JSON.stringify(failed)).toContain('[redacted]');

      const validate = await runCli(
        [
          'validate',
          join(dir, 'rows.csv'),
          '--mapping',
          TEMPLATE,
          '--report',
          join(dir, 'v.json'),
          '--rate',
          '100/s',
        ],
        { ...env, TRACKOPS_URL: lists.baseUrl },
      );
      expect(validate.code).toBe(3);
      expect(validate.stderr).toContain('[redacted]');
      outputs.push(validate.stdout, validate.stderr);
      const exported = await runCli(['export', '--out', join(dir, 'e.csv'), '--rate', '100/s'], {
        ...env,
        TRACKOPS_URL: lists.baseUrl,
      });
      expect(exported.code).toBe(3);
      expect(exported.stderr).toContain('[redacted]');
      outputs.push(exported.stdout, exported.stderr);

      expect(proxy.echoed + lists.echoed).toBeGreaterThan(10);
      for (const [name, text] of await everyText(dir)) expectNoSecret(name, text);
      expectNoSecret('stdout and stderr', outputs.join('\n'));
    } finally {
      await proxy.close();
      await lists.close();
      await sandbox.close();
    }
  }, 120_000);

  it('a token typed into --url by mistake is never echoed', async () => {
    for (const url of [
      SECRET_TOKEN,
      `https://${USER}:${SECRET_TOKEN}@acme.viewcases.com/api/v1`,
      `https://acme.viewcases.com/api/v1?token=${SECRET_TOKEN}`,
      `http://acme.viewcases.com/api/v1?key=${SECRET_TOKEN}`,
    ]) {
      const run = await runCli([
        'export',
        '--out',
        join(tmpdir(), 'x.csv'),
        '--url',
        url,
        '--user',
        USER,
        '--token',
        'x',
      ]);
      expect(run.code, url).toBe(2);
      expect(run.stderr.trim().split('\n'), url).toHaveLength(1);
      expectNoSecret(url, run.stdout + run.stderr);
    }
  }, 60_000);
});
