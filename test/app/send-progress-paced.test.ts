/**
 * What reaches the app's page while a send runs: core paces the send's progress at the app's choice
 * (APP_PROGRESS_EVERY_MS, four a second), and main forwards each as it comes (its own pacing layer
 * went: core paced the counts, and main paced them again). A 120-row send at the built-in sandbox's
 * pace (20 a second, 6 s or more) reaches the page in far fewer events than rows, its counts never go
 * back, and its end carries every row. Browser mode's event stream, as the page reads it, against its
 * built-in sandbox over real HTTP; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { callVerb, finishedDryRun, finishedImport, openFile, secretOf } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
const ROWS = 120;
let app: RunningWebApp;
beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
});
afterAll(() => app.close());

/** The send's statuses as the page's event stream brings them, until `stop`. */
async function sendEvents(runId: () => string) {
  const heard: ImportStatus[] = [];
  const abort = new AbortController();
  const response = await fetch(`${app.origin}/bridge/events`, {
    headers: { 'X-Trackops-Secret': secretOf(app) },
    signal: abort.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop()!;
      for (const block of blocks) {
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const event = JSON.parse(data.slice('data: '.length)) as { kind: string; status?: ImportStatus };
        if (event.kind === 'import' && event.status?.runId === runId()) heard.push(event.status);
      }
    }
  })().catch(() => {});
  return {
    heard,
    stop: async () => {
      abort.abort();
      await reading;
    },
  };
}

it(
  'a send reaches the page a few times a second, not at each row, its end with every row',
  { timeout: 120_000 },
  async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'app-send-progress-paced-')), 'rows.csv');
    makeRows(file, ROWS, 'SPP');
    const source: SourceView = await openFile(app, file);
    await callVerb(app, 'previewSheet', { sourceId: source.sourceId });
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping: JSON.parse(await readFile(template, 'utf8')),
    });
    await finishedDryRun(app, runId);
    const events = await sendEvents(() => runId);
    await callVerb(app, 'startImport', { runId, profileId: 'sandbox' });
    const end = await finishedImport(app, runId);
    // The end is emitted before the bridge answers with it: the stream has it once it is read.
    while (events.heard.at(-1)?.state !== 'done') await new Promise((resolve) => setTimeout(resolve, 20));
    await events.stop();
    expect(end).toMatchObject({ state: 'done', created: ROWS, failed: 0 });
    const running = events.heard.filter((status) => status.state === 'running');
    // One a row would be 120; four a second over a send of 6 s or more is about 25 (measured: 26-28
    // events in all). Half the rows leaves room for a machine so loaded the send takes 15 s.
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running.length).toBeLessThan(ROWS / 2);
    for (let at = 1; at < running.length; at++)
      expect(running[at]!.done).toBeGreaterThanOrEqual(running[at - 1]!.done);
    expect(events.heard.at(-1)).toMatchObject({ state: 'done', done: ROWS, created: ROWS });
  },
);
