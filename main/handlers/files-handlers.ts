/** Opening the source file, the sheet/header picker, and saved templates. */
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { withoutRowNumbers } from '../session/row-numbers.ts';
import type { SourceRegistry } from '../session/sources.ts';
import type { TemplateStore } from '../storage/templates.ts';
import type { HostFiles } from './host-files.ts';

export function filesHandlers(deps: {
  sources: SourceRegistry;
  templates: TemplateStore;
  host: HostFiles;
}): Pick<
  BridgeHandlers,
  'pickSource' | 'openSource' | 'previewSheet' | 'listTemplates' | 'saveTemplate' | 'loadTemplate'
> {
  const { sources, templates, host } = deps;
  return {
    async pickSource() {
      if (!host.pickSource) {
        throw new BridgeFailure(
          'unsupported',
          'In the browser, drop the file on the page or use “Choose file…”.',
        );
      }
      const picked = await host.pickSource();
      return picked === null ? null : sources.open(picked.name, picked.bytes);
    },
    async openSource({ name, bytesBase64 }) {
      return sources.open(name, Buffer.from(bytesBase64, 'base64'));
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
