/**
 * The searches a send makes (here, for each create whose answer was lost) on a server that ignores
 * `created_from_system` read the whole list it gives instead: complete, but minutes a search on a large
 * account, and the send screen said nothing of it. Its results now say it once, in the words of the
 * CLI's summary notes, with no flag named. Browser mode in Debian's Chromium, a profile on a chain of
 * proxies in front of a sandbox holding 150 requests entered an hour ago: one cuts every create's
 * answer after the sandbox stored it, one drops the filter; rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startCutAnswerProxy, startLooseFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const OLD = 150;

let session: BrowserSession;
let sandbox: RunningSandbox;
let loose: RunningProxy;
let cut: RunningProxy & { readonly writes: number };
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(OLD, OLD) });
  loose = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
  cut = await startCutAnswerProxy(loose.baseUrl, 'POST');
  await useAccountAt(session, 'Acme', cut.baseUrl, {
    user: sandbox.username,
    token: sandbox.token,
  });
}, 120_000);
afterAll(async () => {
  await cut?.close();
  await loose?.close();
  await sandbox?.close();
  await session?.close();
});

describe('the searches of a send on a server that ignores a filter', { timeout: 180_000 }, () => {
  it('rule: the results say once what Trackops did, what the searches did instead and what it means', async () => {
    const { page } = session;
    const dir = await mkdtemp(join(tmpdir(), 'app-search-notes-'));
    const file = join(dir, 'three.csv');
    makeRows(file, 3, 'SRN');
    // Without reference values, no duplicate check: a lost create's search is the requests entered
    // since its send alone (a claim number narrows it to the claim's requests, where time filters no more).
    const { match: _match, ...template } = JSON.parse(await readFile(TEMPLATE, 'utf8')) as {
      match: string;
      columns: { target: string }[];
    };
    const columns = template.columns.filter((column) => !column.target.startsWith('reference_value'));
    const templateFile = join(dir, 'template.json');
    await writeFile(templateFile, JSON.stringify({ ...template, columns, duplicates: 'create' }));
    await checkWithTemplate(page, file, templateFile, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });

    const said = page.getByText(
      /^In the 3 searches for creates whose answers were lost, Trackops's list gave/,
    );
    await said.waitFor();
    expect(await said.count()).toBe(1);
    const words = await said.innerText();
    expect(words).toMatch(
      /\(created_from_system, UTC\): the server seems to ignore that filter, so each of them read the whole list Trackops gives instead, up to \d+ requests each: \d+ pages in all\. Nothing was missed for it/,
    );
    // The app's words: no flag of the command line.
    expect(words).not.toMatch(/--/);
    expect(cut.writes).toBe(3);
    expect(sandbox.account().case_requests).toHaveLength(OLD + 3);
    await screenshotIfAsked(page, 'search-notes-results', { fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });
});
