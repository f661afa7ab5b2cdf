/**
 * The preload exposes exactly the Bridge's verbs (plus onProgress and host) through contextBridge, each
 * verb invoking its own channel; nothing of ipcRenderer itself reaches the page. Electron is replaced
 * by a recording stand-in, since its binary cannot run here.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_VERBS, channelOf, PROGRESS_CHANNEL } from '../../main/bridge/contract.ts';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: [string, unknown][] = [];
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push([channel, payload]);
      return { ok: true, value: channel };
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((known) => known !== listener),
      );
    },
  },
}));

describe('preload', () => {
  let api: Record<string, unknown>;
  beforeAll(async () => {
    await import('../../main/preload.ts');
    api = exposed.get('trackops') ?? {};
  });

  it('exposes one object, window.trackops, with every verb and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['trackops']);
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_VERBS, 'host', 'onProgress'].sort());
    expect(api.host).toBe('electron');
    for (const key of Object.keys(api))
      expect(['invoke', 'send', 'sendSync', 'ipcRenderer']).not.toContain(key);
  });

  it('each verb invokes its own channel with the payload as given', async () => {
    for (const verb of BRIDGE_VERBS) {
      const answer = await (api[verb] as (payload: unknown) => Promise<unknown>)({ probe: verb });
      expect(answer).toEqual({ ok: true, value: channelOf(verb) });
    }
    expect(invoked.map(([channel]) => channel)).toEqual(BRIDGE_VERBS.map(channelOf));
  });

  it('progress listeners get the payload only, never the IPC event, and can unsubscribe', () => {
    const seen: unknown[] = [];
    const off = (api.onProgress as (listener: (event: unknown) => void) => () => void)((event) =>
      seen.push(event),
    );
    const progress = { kind: 'export', status: { jobId: 'j' } };
    for (const listener of listeners.get(PROGRESS_CHANNEL) ?? []) listener({ sender: 'ipc-event' }, progress);
    expect(seen).toEqual([progress]);
    off();
    expect(listeners.get(PROGRESS_CHANNEL)).toEqual([]);
  });
});
