/**
 * An update none of whose attempts got an answer (the PUT reached Trackops, which stored it, and every
 * answer was held until the client timed out): the row fails, and its PUT may land yet, so a --resume
 * decides it only once its settle window has passed since its last attempt left (earlier-sends.ts).
 * Rule: its note says from when a resume decides it at once, as a create left in doubt says it ("run
 * again with --resume after HH:MM"), and what a resume started sooner does; before, it said only "run
 * again with --resume to retry this row". Spawned CLI over real HTTP, a proxy in front of the sandbox
 * holding the PUT's answers; the file written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startHeldUpdateAnswerProxy } from '../batch/proxies.ts';
import { connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const MAPPING = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
  ],
};

/** "10:43": the first whole minute at or after `ms`, this computer's clock (as the advice says it). */
function minuteAfter(ms: number): string {
  const date = new Date(Math.ceil(ms / 60_000) * 60_000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

it('an update that got no answer says from when --resume decides it, as a create in doubt does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-update-no-answer-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const proxy = await startHeldUpdateAnswerProxy(sandbox.baseUrl);
  try {
    const claim = String(sandbox.account().case_requests[0]!.reference_value_1);
    runPython(
      'import csv, sys\n' +
        "with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:\n" +
        '    w = csv.writer(f)\n' +
        "    w.writerow(['Claim #', 'Instructions'])\n" +
        "    w.writerow([sys.argv[2], 'Called the adjuster'])\n",
      [join(dir, 'u.csv'), claim],
    );
    await writeFile(join(dir, 'u.json'), JSON.stringify(MAPPING));
    const run = await importCli(
      ['u.csv', '--mapping', 'u.json', '--timeout', '1', '--rate', '100/s', '--results', 'r.json', '--json'],
      dir,
      // No wait between the client's attempts (said on stderr): the advice's time is this test's subject.
      { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_RETRY_WAIT_MS: '0' },
    );
    expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ failed: 1, updated: 0 });
    expect(proxy.held().length, 'the PUT reached Trackops').toBeGreaterThan(0);
    // The window runs from the last attempt's departure, as the journal records it: timeout + 2 min.
    const intents = (await readFile(join(dir, 'r.journal.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; op?: string; at?: string; left_at?: string })
      .filter((line) => line.type === 'intent' && line.op === 'update');
    const last = intents.at(-1)!;
    const after = minuteAfter(Date.parse(last.left_at ?? last.at!) + 1000 + 120_000);
    const results = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as {
      rows: { row: number; status: string; errors: { message: string }[] }[];
    };
    const row = results.rows.find((line) => line.row === 2)!;
    expect(row.status).toBe('failed');
    expect(row.errors[0]!.message).toContain(
      `(run again with --resume after ${after} to retry this row: it reads the request back before sending it again, ` +
        'and a resume started sooner waits until then before it sends this row)',
    );
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 90_000);
