/**
 * Every bridge call is checked before a handler runs: unknown verbs, untrusted senders and payloads
 * that fail the verb's zod schema are answered with `{ ok: false }` and never reach the handler.
 */
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BRIDGE_VERBS, VERBS } from '../../main/bridge/contract.ts';
import { createDispatch, type BridgeHandlers } from '../../main/bridge/dispatch.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

function recordingDispatch() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    BRIDGE_VERBS.map((verb) => [
      verb,
      async () => {
        calls.push(verb);
        return null;
      },
    ]),
  ) as unknown as BridgeHandlers;
  const dispatch = createDispatch({
    handlers,
    isTrustedSender: (url) => url.startsWith('app://trackops/'),
    log: () => {},
  });
  return { calls, dispatch };
}

const BAD_PAYLOADS: [string, unknown][] = [
  ['saveProfile', { name: 'Acme', baseUrl: 'https://a', user: 'u' }], // settings missing
  [
    'saveProfile',
    {
      name: '',
      baseUrl: 'https://a',
      user: 'u',
      settings: { require_client_address: false, require_client_phone: false },
    },
  ],
  [
    'saveProfile',
    {
      name: 'x',
      baseUrl: 'https://a',
      user: 'u',
      settings: { require_client_address: 'yes', require_client_phone: false },
    },
  ],
  [
    'saveProfile',
    {
      name: 'x',
      baseUrl: 'https://a',
      user: 'u',
      token: 'x'.repeat(501),
      settings: { require_client_address: false, require_client_phone: false },
    },
  ],
  ['deleteProfile', { id: 42 }],
  ['deleteProfile', { id: 'a', extra: true }], // unknown keys are refused, not ignored
  ['openSource', { name: 'a.csv' }],
  ['previewSheet', { sourceId: 'x', headerRow: 0 }],
  ['previewSheet', { sourceId: 'x', headerRow: 1.5 }],
  ['dryRunPage', { runId: 'r', offset: -1, limit: 10, onlyErrors: false }],
  ['dryRunPage', { runId: 'r', offset: 0, limit: 100000, onlyErrors: false }],
  ['fixCell', { runId: 'r', row: 0, column: 'A', value: 'x' }],
  ['saveReport', { runId: 'r', format: 'pdf' }],
  ['startImport', { runId: 'r', profileId: 'p', limitRows: 0 }],
  // A date box's text ('31/01/2025') is main's to read, naming the box (export-time-words.test.ts);
  // what no text box sends is refused here.
  ['countExport', { profileId: 'p', filters: { created_from: 20250131 } }],
  ['countExport', { profileId: 'p', filters: { updated_to: 'x'.repeat(201) } }],
  ['countExport', { profileId: 'p', filters: { case_region: -1 } }],
  ['countExport', { profileId: 'p', filters: { bogus: 1 } }],
  ['startExport', { profileId: 'p', filters: {}, columns: 'report', format: 'pdf' }],
  ['startExport', { profileId: 'p', filters: {}, columns: 'everything', format: 'csv' }], // core's presets
  // The mapping is core's schema: a target it does not know, or another version, never reaches a handler.
  ['startDryRun', { sourceId: 's', mapping: { version: 1, columns: [{ column: 'A', target: 'nope' }] } }],
  ['saveTemplate', { name: 't', mapping: { version: 2, columns: [] } }],
  ['draftMapping', { sourceId: 's', template: { columns: [] } }],
  ['listProfiles', { sneaky: 1 }],
  ['listProfiles', 'not an object'],
  ['listProfiles', []],
];

describe('dispatch: one helper for every verb', () => {
  it('declares a schema for every verb of the Bridge', () => {
    for (const verb of BRIDGE_VERBS) expect(VERBS[verb].payload).toBeInstanceOf(z.ZodType);
    expect(BRIDGE_VERBS.length).toBeGreaterThan(20);
  });

  it.each(BAD_PAYLOADS)('rejects a bad %s payload without calling the handler', async (verb, payload) => {
    const { calls, dispatch } = recordingDispatch();
    const answer = await dispatch(verb, payload, 'app://trackops/index.html');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('bad_payload');
    expect(!answer.ok && answer.error.message).toContain(verb);
    expect(calls).toEqual([]);
  });

  it('refuses an unknown verb and a sender that is not the app page', async () => {
    const { calls, dispatch } = recordingDispatch();
    const unknown = await dispatch('__proto__', {}, 'app://trackops/index.html');
    expect(!unknown.ok && unknown.error.code).toBe('unknown_verb');
    const foreign = await dispatch('listProfiles', {}, 'https://evil.example/');
    expect(!foreign.ok && foreign.error.code).toBe('untrusted_sender');
    expect(calls).toEqual([]);
  });

  it('passes a good payload through and wraps the answer', async () => {
    const { calls, dispatch } = recordingDispatch();
    const answer = await dispatch(
      'dryRunPage',
      { runId: 'r', offset: 0, limit: 50, onlyErrors: true },
      'app://trackops/',
    );
    expect(answer).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['dryRunPage']);
  });

  it('turns an unexpected handler crash into a generic message, never a stack or a path', async () => {
    const handlers = {
      listProfiles: async () => {
        throw new Error('ENOENT /home/clerk/secret/path.json');
      },
    } as unknown as BridgeHandlers;
    const logged: unknown[] = [];
    const dispatch = createDispatch({
      handlers,
      isTrustedSender: () => true,
      log: (error) => logged.push(error),
    });
    const answer = await dispatch('listProfiles', {}, 'app://trackops/');
    expect(!answer.ok && answer.error.code).toBe('internal');
    expect(JSON.stringify(answer)).not.toContain('/home/clerk');
    expect(logged).toHaveLength(1);
  });
});

describe('browser mode HTTP bridge guards', () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: await mkdtemp(join(tmpdir(), 'no-renderer-')), log: () => {} });
  });
  afterAll(() => app.close());

  it('binds to loopback only', () => {
    expect(new URL(app.origin).hostname).toBe('127.0.0.1');
  });

  it('refuses a call without the secret or with a wrong one', async () => {
    const none = await post(app, 'listProfiles', {}, {});
    expect(none.status).toBe(401);
    expect(none.json.ok).toBe(false);
    const wrong = await post(app, 'listProfiles', {}, { 'X-Trackops-Secret': 'f'.repeat(64) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a cross-origin caller even with the secret', async () => {
    const answer = await post(
      app,
      'listProfiles',
      {},
      { 'X-Trackops-Secret': new URL(app.openUrl).hash.slice(8), Origin: 'https://evil.example' },
    );
    expect(answer.status).toBe(403);
  });

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(app.origin);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/bridge/listProfiles',
          method: 'POST',
          headers: { Host: 'evil.example' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('answers a body that is not JSON, and a bad payload, as values', async () => {
    const notJson = await post(app, 'listProfiles', '{oops');
    expect(notJson.json).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    const bad = await post(app, 'saveProfile', { name: 'x' });
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
  });

  it('a good call goes through: the built-in sandbox is the default profile on first run', async () => {
    const answer = await post(app, 'listProfiles', {});
    expect(answer.json.ok).toBe(true);
    expect(answer.json.value).toMatchObject({
      activeId: 'sandbox',
      profiles: [{ id: 'sandbox', kind: 'sandbox' }],
    });
  });
});
