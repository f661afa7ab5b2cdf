/**
 * One file sent to two accounts, as a clerk does it in the page: a trial of 2 rows sent to Office A,
 * the connection switched to Office B, the same file sent there. Exploratory round: the page kept
 * offering "Finish that send" for A's trial once the clerk had switched to B, and B's send was refused
 * ("start a new run with another --journal"). Now the offer is there only while connected to the
 * account that send went to, and B's send is a send of its own: every row, once.
 *
 * Browser mode in Debian's Chromium; two sandboxes on two hosts (127.0.0.1 and 127.0.0.2) over real
 * HTTP; rows written by Python's csv module; the sample template loaded as a template file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';
import { checkWithTemplate } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const UNFINISHED = /has a send that did not finish/;

let session: BrowserSession;
let officeA: RunningSandbox;
let officeB: RunningSandbox;
let dir = '';

beforeAll(async () => {
  officeA = await startSandbox({ host: '127.0.0.1', rate: 1000 });
  officeB = await startSandbox({ host: '127.0.0.2', rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'app-two-accounts-browser-'));
  session = await openBrowserSession({
    log: () => {},
    dataDir: join(dir, 'data'),
    runLocksDir: join(dir, 'locks'),
  });
  for (const [name, sandbox] of [
    ['Office B', officeB],
    ['Office A', officeA],
  ] as const)
    await callVerb<ProfilesView>(session.app, 'saveProfile', {
      name,
      baseUrl: sandbox.baseUrl,
      user: sandbox.username,
      token: sandbox.token,
      settings: { require_client_address: false, require_client_phone: false },
      pace: { ratePerSecond: 50, concurrency: 1 },
    });
  await session.page.reload();
}, 120_000);
afterAll(async () => {
  await session?.close();
  await officeA?.close();
  await officeB?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('one file sent to two accounts in the page', { timeout: 180_000 }, () => {
  it("A's unfinished trial is offered only connected to A, and B's send sends every row there", async () => {
    const { page } = session;
    const file = join(dir, 'referrals.csv');
    makeRows(file, 5, 'TWB');
    const use = async (name: string) => {
      await page.getByRole('tab', { name: 'Connection' }).click();
      await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
      await page.getByRole('button', { name: new RegExp(`^${name}.*in use`) }).waitFor();
      await page.getByRole('tab', { name: 'Import' }).click();
    };

    // Connected to A: a trial of 2 rows, left unfinished.
    await page.getByRole('tab', { name: 'Import' }).click();
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await page.getByLabel('Trial run: send only the first').check();
    await page.getByLabel('Number of rows for the trial run').fill('2');
    await page.getByRole('button', { name: 'Send 2 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    expect(storedByReference(officeA.account(), 'TWB-').size).toBe(2);
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.setInputFiles('#file-input', file);
    await page.getByText(UNFINISHED).waitFor();

    // Switched to B with the file still open: A's send is not offered here.
    await use('Office B');
    // Still the file's sheet step, as the clerk left it.
    await page.getByRole('button', { name: 'Next: match columns' }).waitFor();
    await expect(page.getByText(UNFINISHED).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Finish that send' }).count()).resolves.toBe(0);

    // The file chosen again while connected to B: nothing to finish, every row to send.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await expect(page.getByText(UNFINISHED).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Send 5 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const storedB = storedByReference(officeB.account(), 'TWB-');
    expect(storedB.size).toBe(5);
    for (const [reference, requests] of storedB) expect(requests, reference).toHaveLength(1);
    expect(storedByReference(officeA.account(), 'TWB-').size).toBe(2);

    // Back to A: its trial is offered again.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await use('Office A');
    await page.setInputFiles('#file-input', file);
    await page.getByText(UNFINISHED).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
