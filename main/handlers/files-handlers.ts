/** Opening the source file, the sheet/header picker, and saved templates. */
import { bytesSource } from '../../core/index.ts';
import type { SourceView } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { unfinishedSend } from '../session/earlier-sends.ts';
import { withoutRowNumbers } from '../session/row-numbers.ts';
import { roundTripOf } from '../session/round-trip.ts';
import type { SourceRegistry } from '../session/sources.ts';
import type { TemplateStore } from '../storage/templates.ts';
import type { HostFiles } from './host-files.ts';
import { refuseNameInUse } from './template-names.ts';

export function filesHandlers(deps: {
  sources: SourceRegistry;
  templates: TemplateStore;
  host: HostFiles;
  /** Where sends keep their journals: a file's unfinished send is found there. */
  journalDir: string;
  /** The journals of the sends running now (not unfinished: still going). */
  sending: () => ReadonlySet<string>;
  /** The account of the connection in use, as journals record it: only its sends are offered to finish. */
  account: () => Promise<string>;
}): Pick<
  BridgeHandlers,
  | 'pickSource'
  | 'openSource'
  | 'previewSheet'
  | 'readingNotes'
  | 'listTemplates'
  | 'saveTemplate'
  | 'loadTemplate'
> {
  const { sources, templates, host, journalDir, sending, account } = deps;
  // A send of this file into the account in use cut short (cancelled, a trial, the window closed): said
  // when the file is chosen.
  const withUnfinished = async (view: SourceView): Promise<SourceView> => {
    const bytes = sources.get(view.sourceId).bytes;
    const unfinished = await unfinishedSend(journalDir, bytes, await account(), sending());
    return unfinished ? { ...view, unfinishedSend: unfinished } : view;
  };
  // A round-trip export (Export, "Round trip" columns) is recognised here and said so: the wizard skips
  // the sheet and mapping steps (the file carries its own mapping), and the dry run and the send take
  // core's round-trip path (session/round-trip.ts), which main chooses from the file's bytes, never the
  // plain update path (report 4, item 1: that overwrote changes made in Trackops since the export).
  const open = async (name: string, bytes: Uint8Array): Promise<SourceView> => {
    // A file the reader cannot open is refused by sources.open with the reader's own message; a
    // round-trip sheet of another version is refused by roundTripOf with its own. One source for both:
    // a workbook is laid out (its package inflated and checked) once, not once for each (issue 13).
    const file = bytesSource(name, bytes);
    const roundTrip = await roundTripOf(file);
    const view = await sources.open(name, bytes, file);
    return roundTrip
      ? {
          ...view,
          roundTrip: {
            exportedAt: roundTrip.exportedAt,
            exportedFrom: roundTrip.exportedFrom,
            mapping: roundTrip.mapping,
          },
        }
      : view;
  };
  return {
    async pickSource() {
      if (!host.pickSource) {
        throw new BridgeFailure(
          'unsupported',
          'In the browser, drop the file on the page or use “Choose file…”.',
        );
      }
      const picked = await host.pickSource();
      return picked === null ? null : withUnfinished(await open(picked.name, picked.bytes));
    },
    async openSource({ name, bytesBase64 }) {
      return withUnfinished(await open(name, Buffer.from(bytesBase64, 'base64')));
    },
    async previewSheet({ sourceId, sheet, headerRow, quote, escape, delimiter, encoding }) {
      return sources.preview(sourceId, {
        ...(sheet !== undefined ? { sheet } : {}),
        ...(headerRow ? { headerRow } : {}),
        ...(quote !== undefined ? { quote } : {}),
        ...(escape !== undefined ? { escape } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
      });
    },
    async readingNotes({ sourceId }) {
      return { notes: await sources.readingNotes(sourceId) };
    },
    async listTemplates() {
      return { names: await templates.names() };
    },
    async saveTemplate({ name, mapping, replace }) {
      const saved = withoutRowNumbers(mapping);
      await refuseNameInUse(templates, name, replace, saved);
      return { names: await templates.save(name, saved) };
    },
    async loadTemplate({ name }) {
      return templates.load(name);
    },
  };
}
