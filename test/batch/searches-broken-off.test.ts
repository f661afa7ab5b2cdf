/**
 * A search's listing that found the server ignoring its filter (so it read the whole list the server
 * gives instead) and then broke off (a page answered 500 until the client's tries ran out): what the run
 * says of it is never that the list was read whole, nor that nothing was missed. Before, the note of a
 * listing cut short was worded as a finished one's (SearchesMet.heard took both alike). Real HTTP: the
 * sandbox (150 requests changed an hour ago) behind a proxy that ignores updated_from and refuses the
 * pages after the first of the part read after the pinned one; the run's own listing and note-keeping (searches-met.ts).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { listHeard, SearchesMet } from '../../core/batch/searches-met.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { pass, running, startProxy, type RunningProxy } from './proxies.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let breaking = false;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(150, 150) });
  breaking = false;
  proxy = running(
    await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/case/requests')) {
        // The part read after the pinned one (what came since its bound), past its first page.
        const since = url.searchParams.has('updated_from') && !url.searchParams.has('updated_to');
        url.searchParams.delete('updated_from');
        if (
          breaking &&
          since &&
          url.searchParams.get('mode') !== 'count' &&
          url.searchParams.get('page') !== '1'
        ) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ message: 'Internal server error' }));
          return;
        }
      }
      pass(response, await forward(url.pathname + url.search));
    }),
  );
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

/** What `listHeard` of requests changed in the last half hour met, and how it ended. */
async function searchNotes(): Promise<{ notes: string[]; error: unknown }> {
  const pacer = createPacer({ ratePerSecond: 1000, concurrency: 1 });
  const api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
    // No back-off between the client's tries: the 500s run them out at once.
    { pacer, sleep: async () => {} },
  );
  const since = new Date(Date.now() - 30 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const met = new SearchesMet();
  let error: unknown = null;
  try {
    for await (const _records of listHeard(api, { updated_from: since }, {}, met, 'revert-check'));
  } catch (caught) {
    error = caught;
  }
  return { notes: met.notes(), error };
}

it('rule: a search that read the whole list for an ignored filter says so, and that nothing was missed', async () => {
  const { notes, error } = await searchNotes();
  expect(error).toBeNull();
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(
    /the server seems to ignore that filter, so that check read the whole list Trackops gives instead: 150 requests in \d+ pages\. Nothing was missed for it/,
  );
});

it('rule: one that broke off while reading it says that the list was not read whole', async () => {
  breaking = true;
  const { notes, error } = await searchNotes();
  expect(String(error)).toMatch(/500/);
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(
    /^In the check of the requests for changes since the import, Trackops's list gave REQ-\d+ \(id \d+\), changed [\d-]+ [\d:]+, when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\): the server seems to ignore that filter, so that check was reading the whole list Trackops gives instead when it broke off: that list was not read whole\. /,
  );
  expect(notes[0]).not.toMatch(/Nothing was missed/);
});
