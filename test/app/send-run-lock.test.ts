/**
 * The app's send takes the CLI's run lock (explore 7 item 2, core/batch/run-lock.ts): an import of one
 * file into one account runs once at a time, whichever host started it and whatever mapping or journal
 * each keeps.
 * - While a CLI import of the file holds the lock, the app's send is refused in plain words (which
 *   process, what to do) and sends nothing: every row is stored once.
 * - While the app's send holds it (paused too), a CLI import of the file is refused (exit 2, naming
 *   the app's process); cancelling the send lets go of it, and so does finishing one.
 * - Closing the app while a send runs lets go of it.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  spawnImport,
  waitForOutcomes,
} from '../cli/import-helpers.ts';
import { callVerb, post } from './http-bridge.ts';

const lockFiles = async (): Promise<string[]> =>
  (await readdir(process.env.TRACKOPS_RUN_LOCKS!).catch(() => [] as string[])).filter((name) =>
    name.endsWith('.lock'),
  );

async function dryRun(app: RunningWebApp, file: string): Promise<string> {
  const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
  });
  for (;;) {
    const page = await callVerb<DryRunPage>(app, 'dryRunPage', {
      runId,
      offset: 0,
      limit: 1,
      onlyErrors: false,
    });
    if (page.summary.state === 'done') return runId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function settled(app: RunningWebApp, runId: string): Promise<ImportStatus> {
  for (let tries = 0; ; tries++) {
    const status = await callVerb<ImportStatus>(app, 'importStatus', { runId });
    if (status.state === 'done' || status.state === 'cancelled' || status.state === 'failed') return status;
    if (tries > 2400) throw new Error(`the send never ended: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the app and the CLI share one run lock', { timeout: 120_000 }, () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  });
  afterAll(() => app.close());

  it('a send is refused while a CLI import of the file holds the lock, naming its process; nothing is sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-runlock-cli-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 8, 'ARL');
    const runId = await dryRun(app, file);
    const cli = spawnImport(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '5/s', '--results', 'cli.csv'],
      dir,
      connectionEnv(app.sandbox),
    );
    await waitForOutcomes(join(dir, 'cli.journal.jsonl'), 2);
    // Held still while the app tries, so that it cannot finish first however slow the machine is.
    cli.kill('SIGSTOP');
    const refused = await post(app, 'startImport', { runId, profileId: 'sandbox' });
    cli.kill('SIGCONT');
    expect(refused.json.ok).toBe(false);
    const message = refused.json.error?.message ?? '';
    expect(message).toContain(
      `This file is already being sent into this account by another program (process ${cli.pid} on`,
    );
    expect(message).toMatch(/Wait for that send to finish.*--resume.*delete \S+\.lock and send again\.$/);
    expect((await exited(cli)).code).toBe(0);
    const stored = storedByReference(app.sandbox.account(), 'ARL-');
    expect(stored.size).toBe(8);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    expect(await lockFiles()).toEqual([]);
  });

  it('a CLI import is refused while the app sends the file, paused too; cancel and finish let go of the lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-runlock-app-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 10, 'ARA');
    const runId = await dryRun(app, file);
    await callVerb(app, 'startImport', { runId, profileId: 'sandbox', ratePerSecond: 2 });
    await callVerb(app, 'pauseImport', { runId });
    expect(await lockFiles()).toHaveLength(1);
    const env = connectionEnv(app.sandbox);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--results', 'cli.csv'];
    const cli = await importCli(args, dir, env);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`rows.csv is being imported into ${app.sandbox.baseUrl}`);
    expect(cli.stderr).toContain(`by another import (process ${process.pid} on`);

    await callVerb(app, 'cancelImport', { runId });
    expect((await settled(app, runId)).state).toBe('cancelled');
    expect(await lockFiles()).toEqual([]);

    // Sent again to the end: the lock is let go of when it finishes, and the CLI may then run.
    const again = await dryRun(app, file);
    await callVerb(app, 'startImport', { runId: again, profileId: 'sandbox', ratePerSecond: 50 });
    expect((await settled(app, again)).state).toBe('done');
    expect(await lockFiles()).toEqual([]);
    const stored = storedByReference(app.sandbox.account(), 'ARA-');
    expect(stored.size).toBe(10);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  });
});

describe('closing the app', { timeout: 60_000 }, () => {
  it('lets go of the run lock of a send still running', async () => {
    const app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    const dir = await mkdtemp(join(tmpdir(), 'app-runlock-close-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 10, 'ARC');
    const runId = await dryRun(app, file);
    await callVerb(app, 'startImport', { runId, profileId: 'sandbox', ratePerSecond: 1 });
    expect(await lockFiles()).toHaveLength(1);
    await app.close();
    expect(await lockFiles()).toEqual([]);
  });
});
