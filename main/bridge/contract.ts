/**
 * The one contract between the renderer and main (STYLE.md "Layout and boundaries"): each verb once,
 * with the schema its payload must pass (schemas.ts) and what it answers (answers.ts); the `Bridge`
 * interface, the verb list and the channel names are derived from that table. No electron import here:
 * the preload, the Electron handlers, the browser-mode HTTP adapter and the renderer all read this file.
 *
 * Payloads and answers are plain JSON (file bytes travel as base64) so the same schema checks an IPC
 * call and an HTTP call alike. The API token goes renderer → main once, in `saveProfile`, and never
 * comes back: no answer type has a token field.
 */
import type { z } from 'zod';
import type { Mapping } from '../../core/schemas.ts';
import type * as A from './answers.ts';
import * as S from './schemas.ts';

export type * from './answers.ts';
export { REFERENCE_LISTS } from './schemas.ts';
export type {
  ColumnPreset,
  ConstantValue,
  Mapping,
  MappingColumn,
  SkipOptions,
  SubjectGroup,
} from '../../core/schemas.ts';

declare const ANSWER: unique symbol;
/** A verb's answer, as a type only: the table below carries it to `Bridge` without a value. */
type Answers<T> = { readonly [ANSWER]?: T };
const answers = <T>(): Answers<T> => ({});
const verb = <P extends z.ZodType, T>(payload: P, answer: Answers<T>) => ({ payload, answer });

/**
 * Every verb, once: the schema main checks its payload with before any handler runs (dispatch.ts), and
 * what it answers. A new verb is its schema in schemas.ts and one line here.
 */
export const VERBS = {
  listProfiles: verb(S.emptySchema, answers<A.ProfilesView>()),
  saveProfile: verb(S.profileInputSchema, answers<A.ProfilesView>()),
  deleteProfile: verb(S.profileRefSchema, answers<A.ProfilesView>()),
  selectProfile: verb(S.profileRefSchema, answers<A.ProfilesView>()),
  testConnection: verb(S.profileRefSchema, answers<A.ConnectionCheck>()),

  /** Electron: main shows the open dialog. Browser: not offered (the renderer uploads with openSource). */
  pickSource: verb(S.emptySchema, answers<A.SourceView | null>()),
  openSource: verb(S.openSourceSchema, answers<A.SourceView>()),
  previewSheet: verb(S.previewSheetSchema, answers<A.SheetPreview>()),
  /**
   * What reading the file as last previewed guessed and noticed (core's reading findings in the app's
   * words): answered once its rows are read, so the preview never waits for it.
   */
  readingNotes: verb(S.sourceRefSchema, answers<A.ReadingNotesView>()),
  draftMapping: verb(S.draftMappingSchema, answers<A.MappingDraft>()),
  /** A field picked by hand for a column: the options it needs (core's planColumn, as the suggestion's). */
  planColumn: verb(S.planColumnSchema, answers<A.ColumnPlanView>()),
  listTemplates: verb(S.emptySchema, answers<A.TemplateList>()),
  saveTemplate: verb(S.saveTemplateSchema, answers<A.TemplateList>()),
  loadTemplate: verb(S.templateNameSchema, answers<Mapping>()),
  /** Checks a template file with core's mapping parser, saves it under its name and returns it. */
  importTemplate: verb(S.importTemplateSchema, answers<A.ImportedTemplate>()),
  /**
   * A template's columns against the file's headers, as validate reads them: one named in another case
   * is that header; one the file lacks is named, with the closest header.
   */
  fitTemplate: verb(S.fitTemplateSchema, answers<A.TemplateFit>()),

  startDryRun: verb(S.startDryRunSchema, answers<A.DryRunStarted>()),
  dryRunPage: verb(S.dryRunPageSchema, answers<A.DryRunPage>()),
  /**
   * Stops and forgets a dry run the wizard left before it answered (another file chosen, Back taken):
   * its answer is not shown, and it checks no more rows. A run already gone is no error.
   */
  cancelDryRun: verb(S.runRefSchema, answers<A.DryRunCancelled>()),
  fixCell: verb(S.fixCellSchema, answers<A.CellFixed>()),
  /** Leaves one row out of this import (or brings it back): that row is checked again at once. */
  leaveRowOut: verb(S.leaveRowOutSchema, answers<A.CellFixed>()),
  saveReport: verb(S.saveReportSchema, answers<A.SavedFile>()),

  startImport: verb(S.startImportSchema, answers<A.ImportStatus>()),
  pauseImport: verb(S.runRefSchema, answers<A.ImportStatus>()),
  resumeImport: verb(S.runRefSchema, answers<A.ImportStatus>()),
  cancelImport: verb(S.runRefSchema, answers<A.ImportStatus>()),
  importStatus: verb(S.runRefSchema, answers<A.ImportStatus>()),
  /**
   * Sends this app is running now (browser mode: a tab closed mid-send leaves its send running), so a
   * window opened again shows their progress with Pause and Cancel; and sends that ended while no page
   * showed them, so it shows their results with Retry / Send the remaining (RunningSends).
   */
  runningSends: verb(S.emptySchema, answers<A.RunningSends>()),
  saveResults: verb(S.saveReportSchema, answers<A.SavedFile>()),
  /** Issue 18: what undoing this import would put back (nothing is sent). */
  previewRevert: verb(S.revertRefSchema, answers<A.RevertView>()),
  /** Puts it back: paced, journalled, resumable (a second start finishes the first). */
  startRevert: verb(S.revertRefSchema, answers<A.RevertView>()),
  revertStatus: verb(S.runRefSchema, answers<A.RevertView>()),
  saveRevertResults: verb(S.saveRevertResultsSchema, answers<A.SavedFile>()),

  exportOptions: verb(S.profileRefSchema, answers<A.ExportOptions>()),
  countExport: verb(S.countExportSchema, answers<A.ExportCount>()),
  startExport: verb(S.startExportSchema, answers<A.ExportStatus>()),
  exportStatus: verb(S.jobRefSchema, answers<A.ExportStatus>()),
  /** Stops a running export: its file is never saved, and the status says so (state `cancelled`). */
  cancelExport: verb(S.jobRefSchema, answers<A.ExportStatus>()),
  saveExport: verb(S.jobRefSchema, answers<A.SavedFile>()),
};

export type BridgeVerb = keyof typeof VERBS;
/** A verb's payload as the caller writes it, and as the handler receives it once its schema passed. */
export type PayloadOf<V extends BridgeVerb> = z.input<(typeof VERBS)[V]['payload']>;
export type ParsedPayloadOf<V extends BridgeVerb> = z.output<(typeof VERBS)[V]['payload']>;
export type AnswerOf<V extends BridgeVerb> = (typeof VERBS)[V]['answer'] extends Answers<infer T> ? T : never;

export type Bridge = {
  [V in BridgeVerb]: (payload: PayloadOf<V>) => Promise<A.BridgeResult<AnswerOf<V>>>;
};

export const BRIDGE_VERBS = Object.keys(VERBS) as BridgeVerb[];

/** IPC channel of a verb: one namespace so main can refuse anything else. */
export const channelOf = (verb: BridgeVerb): string => `trackops:${verb}`;
/** The one channel main pushes progress events on. */
export const PROGRESS_CHANNEL = 'trackops:progress';

/** What the renderer's `window.trackops` holds: the verbs plus a progress subscription. */
export type RendererBridge = Bridge & {
  /** Subscribe to progress events; returns the unsubscribe function. */
  onProgress(listener: (event: A.ProgressEvent) => void): () => void;
  /** "electron" shows native dialogs; "browser" uploads and downloads. */
  readonly host: 'electron' | 'browser';
};
