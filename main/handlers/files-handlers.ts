/** Opening the source file, the sheet/header picker, and saved templates. */
import { bytesSource, readRoundTripExport } from '../../core/index.ts';
import type { SourceView } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { unfinishedSend } from '../session/earlier-sends.ts';
import { withoutRowNumbers } from '../session/row-numbers.ts';
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
}): Pick<
  BridgeHandlers,
  'pickSource' | 'openSource' | 'previewSheet' | 'listTemplates' | 'saveTemplate' | 'loadTemplate'
> {
  const { sources, templates, host, journalDir, sending } = deps;
  // A send of this file cut short (cancelled, a trial, the window closed): said when the file is chosen.
  const withUnfinished = async (view: SourceView): Promise<SourceView> => {
    const unfinished = await unfinishedSend(journalDir, sources.get(view.sourceId).bytes, sending());
    return unfinished ? { ...view, unfinishedSend: unfinished } : view;
  };
  // Report 4 item 1: the app's import has no round-trip path (core's prepareRoundTripImport) yet. Read
  // as a plain update file, every exported value that differs from Trackops now was sent back, so a
  // colleague's change made since the export was overwritten and counted as the clerk's edit. Refused
  // at the first step, pointing to the command-line import, which sends only the edited cells and
  // reports a change made in Trackops since the export as a conflict, never overwriting it.
  const open = async (name: string, bytes: Uint8Array): Promise<SourceView> => {
    // A file the reader cannot open is refused by sources.open with the reader's own message; a
    // round-trip sheet of another version is refused here with its own.
    const roundTrip = await readRoundTripExport(bytesSource(name, bytes)).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'unsupported_round_trip') throw error;
      return null;
    });
    if (roundTrip) {
      throw new BridgeFailure(
        'round_trip_file',
        `${name} is a round-trip export (Export, "Round trip" columns), made ${roundTrip.exportedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}. ` +
          'This app cannot import it back safely yet: it would send every value that differs from Trackops, overwriting changes made in Trackops since the export. ' +
          `Import it with the command-line tool instead, which sends only the cells you edited and never overwrites a change made since: trackops-bulk import "${name}" --url … --user … (no mapping needed; trackops-bulk validate "${name}" previews it first). ` +
          'Nothing was sent.',
      );
    }
    return sources.open(name, bytes);
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
