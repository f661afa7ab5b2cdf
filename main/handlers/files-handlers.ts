/** Opening the source file, the sheet/header picker, and saved templates. */
import type { SourceView } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { unfinishedSend } from '../session/earlier-sends.ts';
import { withoutRowNumbers } from '../session/row-numbers.ts';
import type { SourceRegistry } from '../session/sources.ts';
import type { TemplateStore } from '../storage/templates.ts';
import type { HostFiles } from './host-files.ts';

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
  return {
    async pickSource() {
      if (!host.pickSource) {
        throw new BridgeFailure(
          'unsupported',
          'In the browser, drop the file on the page or use “Choose file…”.',
        );
      }
      const picked = await host.pickSource();
      return picked === null ? null : withUnfinished(await sources.open(picked.name, picked.bytes));
    },
    async openSource({ name, bytesBase64 }) {
      return withUnfinished(await sources.open(name, Buffer.from(bytesBase64, 'base64')));
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
    async saveTemplate({ name, mapping }) {
      return { names: await templates.save(name, withoutRowNumbers(mapping)) };
    },
    async loadTemplate({ name }) {
      return templates.load(name);
    },
  };
}
