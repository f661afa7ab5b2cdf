/**
 * The preload: the renderer's only door to main. It exposes the Bridge's verbs (and a progress
 * subscription) through contextBridge, never ipcRenderer or raw channels, so a compromised page can
 * call exactly the verbs main validates and nothing else. Bundled to CommonJS for the sandboxed preload.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge, ProgressEvent, RendererBridge } from './bridge/contract.ts';
import { BRIDGE_VERBS, channelOf, PROGRESS_CHANNEL } from './bridge/contract.ts';

// Each verb of the contract's table invokes its own channel; main checks the payload (dispatch.ts).
const verbs = Object.fromEntries(
  BRIDGE_VERBS.map((verb) => [verb, (payload: unknown) => ipcRenderer.invoke(channelOf(verb), payload)]),
) as Bridge;

const exposed = {
  ...verbs,
  host: 'electron' as const,
  onProgress(listener: (event: ProgressEvent) => void) {
    // The IPC event object (with its sender) never reaches the page: only the payload does.
    const forward = (_event: unknown, progress: ProgressEvent) => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  },
} satisfies RendererBridge;

contextBridge.exposeInMainWorld('trackops', exposed);
