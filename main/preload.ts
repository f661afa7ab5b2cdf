/**
 * The preload: the renderer's only door to main. It exposes the Bridge's verbs (and a progress
 * subscription) through contextBridge, never ipcRenderer or raw channels, so a compromised page can
 * call exactly the verbs main validates and nothing else. Bundled to CommonJS for the sandboxed preload.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge, BridgeVerb, ProgressEvent, RendererBridge } from './bridge/contract.ts';
import { channelOf, PROGRESS_CHANNEL } from './bridge/contract.ts';

const invoke = <V extends BridgeVerb>(verb: V): Bridge[V] =>
  ((payload: unknown) => ipcRenderer.invoke(channelOf(verb), payload)) as Bridge[V];

const verbs = {
  listProfiles: invoke('listProfiles'),
  saveProfile: invoke('saveProfile'),
  deleteProfile: invoke('deleteProfile'),
  selectProfile: invoke('selectProfile'),
  testConnection: invoke('testConnection'),
  pickSource: invoke('pickSource'),
  openSource: invoke('openSource'),
  previewSheet: invoke('previewSheet'),
  draftMapping: invoke('draftMapping'),
  listTemplates: invoke('listTemplates'),
  saveTemplate: invoke('saveTemplate'),
  loadTemplate: invoke('loadTemplate'),
  importTemplate: invoke('importTemplate'),
  startDryRun: invoke('startDryRun'),
  dryRunPage: invoke('dryRunPage'),
  fixCell: invoke('fixCell'),
  leaveRowOut: invoke('leaveRowOut'),
  saveReport: invoke('saveReport'),
  startImport: invoke('startImport'),
  pauseImport: invoke('pauseImport'),
  resumeImport: invoke('resumeImport'),
  cancelImport: invoke('cancelImport'),
  importStatus: invoke('importStatus'),
  saveResults: invoke('saveResults'),
  previewRevert: invoke('previewRevert'),
  startRevert: invoke('startRevert'),
  revertStatus: invoke('revertStatus'),
  exportOptions: invoke('exportOptions'),
  countExport: invoke('countExport'),
  startExport: invoke('startExport'),
  exportStatus: invoke('exportStatus'),
  saveExport: invoke('saveExport'),
} satisfies Bridge;

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
