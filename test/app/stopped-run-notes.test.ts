/**
 * A send or an undo that ends on an error has no summary, and the app dropped what its searches met (a
 * filter Trackops ignores…) with it: the person saw the error, not "the server seems to ignore
 * created_from_system, so …", which a finished run's results say and the CLI says at such a stop too.
 * Now the results of a run that ended on an error say them, in the words of a finished run's notes.
 * Rule: anything unexpected the server says is reported in plain words.
 * Browser mode in Debian's Chromium; profiles on proxies in front of a sandbox holding 150 requests
 * entered (and changed) an hour ago; rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { pass, running, startLooseFilterProxy, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const OLD = 150;
/** A 401's body that echoes the token it was sent, as a careless gateway's may: never to reach the screen. */
const refused = (token: string) => JSON.stringify({ message: `Invalid credentials (token ${token})` });

let session: BrowserSession;
let dir: string;
const ends: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  dir = await mkdtemp(join(tmpdir(), 'app-stopped-run-notes-'));
}, 120_000);
afterAll(async () => {
  for (const end of ends.reverse()) await end.close();
  await session?.close();
});

/** A sandbox of 150 requests entered and changed an hour ago: lists longer than a page. */
async function oldAccount(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(OLD, OLD) });
  ends.push(sandbox);
  return sandbox;
}

/**
 * In front of `target`: the first create is carried out there and its answer cut after its status line
 * (a reset: the send looks for it), and every later one answered 401, as Trackops answers a token revoked
 * meanwhile. Counts the creates carried out.
 */
async function cutThenRefusedProxy(
  target: string,
  token: string,
): Promise<RunningProxy & { readonly stored: number }> {
  let creates = 0;
  let stored = 0;
  const proxy = running(
    await startProxy(target, async (request, response, _body, forward) => {
      if (request.method !== 'POST' || !/\/case\/requests$/.test(request.url ?? ''))
        return pass(response, await forward());
      creates += 1;
      if (creates > 1) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(refused(token));
        return;
      }
      const answer = await forward();
      stored += 1;
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': String(answer.body.length + 100),
      });
      response.write(answer.body.subarray(0, 20));
      setTimeout(() => response.socket?.destroy(), 20);
    }),
  );
  ends.push(proxy);
  return {
    ...proxy,
    get stored() {
      return stored;
    },
  };
}

/** The token is nowhere in the page, though the 401 echoed it. */
async function expectNoToken(sandbox: RunningSandbox): Promise<void> {
  expect(await session.page.content()).not.toContain(sandbox.token);
}

describe('a run that ends on an error', { timeout: 180_000 }, () => {
  it("rule: the send's results say what its searches met, as a finished send's do", async () => {
    const { page } = session;
    const sandbox = await oldAccount();
    const loose = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
    ends.push(loose);
    // The first create is stored but its answer cut (the send searches for it, in a list that ignores
    // the filter); the credentials are refused to the second: a stop the runner throws.
    const refusing = await cutThenRefusedProxy(loose.baseUrl, sandbox.token);
    await useAccountAt(session, 'Stops', refusing.baseUrl, { user: sandbox.username, token: sandbox.token });

    const file = join(dir, 'three.csv');
    makeRows(file, 3, 'SRS');
    // Without reference values, no duplicate check: the lost create's search is the requests entered
    // since its send alone, which the server's list gives whole.
    const { match: _match, ...template } = JSON.parse(await readFile(TEMPLATE, 'utf8')) as {
      match: string;
      columns: { target: string }[];
    };
    const columns = template.columns.filter((column) => !column.target.startsWith('reference_value'));
    const templateFile = join(dir, 'create.json');
    await writeFile(templateFile, JSON.stringify({ ...template, columns, duplicates: 'create' }));
    await checkWithTemplate(page, file, templateFile, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });

    // Ended on the refusal, with the one row written counted.
    await page
      .locator('.notice', { hasText: /credentials|401/i })
      .first()
      .waitFor();
    expect(refusing.stored).toBe(1);
    expect(sandbox.account().case_requests).toHaveLength(OLD + 1);
    const said = page.getByText(
      /^In the search for a create whose answer was lost, Trackops's list gave REQ-\d+/,
    );
    await said.waitFor();
    expect(await said.count()).toBe(1);
    const note = await said.innerText();
    expect(note).toMatch(
      /\(created_from_system, UTC\): the server seems to ignore that filter, so that search read the whole list Trackops gives instead/,
    );
    // The app's words, as a finished send's: no flag of the command line.
    expect(note).not.toMatch(/--/);
    await expectNoToken(sandbox);
    await page.screenshot({ path: join(dir, 'send-stopped.png'), fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });

  it("rule: an undo that ends on an error says what its own check met, not the preview's", async () => {
    const { page } = session;
    const sandbox = await oldAccount();
    // Keeps to updated_from until told; then drops it, and refuses the credentials to every update
    // after the first (one request put back, then the stop).
    let stopping = false;
    let putBacks = 0;
    const proxy = running(
      await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (stopping && request.method === 'PUT' && ++putBacks > 1) {
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(refused(sandbox.token));
          return;
        }
        if (stopping && request.method === 'GET' && url.pathname.endsWith('/case/requests'))
          url.searchParams.delete('updated_from');
        pass(response, await forward(url.pathname + url.search));
      }),
    );
    ends.push(proxy);
    await useAccountAt(session, 'Undo stops', proxy.baseUrl, {
      user: sandbox.username,
      token: sandbox.token,
    });

    const before = sandbox.account().case_requests[0]!.notes;
    const file = join(dir, 'notes.csv');
    await writeFile(file, 'Number,Notes\nREQ-00001,Called\nREQ-00002,Called\nREQ-00003,Called\n');
    const templateFile = join(dir, 'update.json');
    await writeFile(
      templateFile,
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'case_request_number',
        columns: [
          { column: 'Number', target: 'case_request_number' },
          { column: 'Notes', target: 'notes' },
        ],
      }),
    );
    await page.getByRole('tab', { name: 'Import' }).click();
    await checkWithTemplate(page, file, templateFile, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    const putBack = page.getByRole('button', { name: 'Put back 3 requests' });
    await putBack.waitFor({ timeout: 60_000 });
    const ignored = page.getByText(/the server seems to ignore that filter/);
    expect(await ignored.count()).toBe(0);

    // Between the preview and "Put back" the server starts ignoring the filter and refusing updates.
    stopping = true;
    await putBack.click();
    await page.getByRole('button', { name: 'Finish the undo' }).waitFor({ timeout: 60_000 });
    await page
      .locator('.notice', { hasText: /credentials|401/i })
      .first()
      .waitFor();
    await ignored.waitFor();
    expect(await ignored.count()).toBe(1);
    expect(await ignored.innerText()).toMatch(
      /^In the check of the requests for changes since the import, Trackops's list gave REQ-\d+ \(id \d+\), changed [\d-]+ [\d:]+, when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\): the server seems to ignore that filter, so that check read the whole list Trackops gives instead/,
    );
    expect(
      sandbox
        .account()
        .case_requests.slice(0, 3)
        .map((request) => request.notes),
    ).toEqual([before, 'Called', 'Called']);
    // Rule: the stopped undo says which requests were put back and which were not, and why; none is
    // left "Would put back" under a count of what was put back.
    const stats = page.locator('.stats');
    expect(await stats.locator('.stat', { hasText: 'put back' }).first().innerText()).toMatch(
      /^1\s+put back$/,
    );
    expect(await stats.locator('.stat', { hasText: 'not put back yet' }).innerText()).toMatch(/^2\s/);
    expect(await page.getByText('Would put back').count()).toBe(0);
    // The put-back the 401 refused was not carried out (a refusal, not a lost answer): not put back
    // yet, with Trackops' words, and sent again by "Finish the undo" without being read back first.
    await page
      .getByText(
        'The undo stopped before it ended: 1 request put back, 2 not sent (each row below says why). “Finish the undo” sends what is left.',
      )
      .waitFor();
    const rows = page.getByRole('table', { name: 'Requests of this import' }).locator('tbody tr');
    const what = await rows.locator('.undo-what').allInnerTexts();
    expect(what).toEqual(['Put back', 'Not sent', 'Not sent']);
    expect(await rows.nth(1).innerText()).toMatch(
      /Not put back: Trackops refused .*401[^]*“Finish the undo” tries it again/,
    );
    expect(await rows.nth(2).innerText()).toContain(
      'The undo stopped before this request was sent. “Finish the undo” sends it.',
    );
    await expectNoToken(sandbox);
    await page.screenshot({ path: join(dir, 'undo-stopped.png'), fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });
});
