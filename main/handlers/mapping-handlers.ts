/**
 * The mapping step: a draft mapping (a template, or core's suggestion for these headers), every target
 * with help, the account's subject types, and each column's distinct values for value mapping.
 * Also templates imported from a file, checked by core's mapping parser before they are kept.
 */
import { parse } from 'node:path';
import {
  cellText,
  parseMapping,
  suggestMapping,
  SUGGESTION_SAMPLE_ROWS,
  type SourceRow,
} from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { targetCatalog } from '../session/target-help.ts';
import type { TemplateStore } from '../storage/templates.ts';

const DISTINCT_VALUES = 200;
/** The sheet's last rows, for core to see a footer (TOTAL, END OF REPORT) and propose skip rules. */
const TAIL_ROWS = 10;

export function mappingHandlers(deps: {
  sources: SourceRegistry;
  accounts: Accounts;
  templates: TemplateStore;
}): Pick<BridgeHandlers, 'draftMapping' | 'importTemplate'> {
  const { sources, accounts, templates } = deps;
  return {
    async draftMapping({ sourceId, profileId, template }) {
      const sheet = await sources.sheet(sourceId);
      const reference = profileId ? await accounts.reference(profileId) : null;
      const distinct = sheet.headers.map(() => new Set<string>());
      // The rows core's suggestion looks at (the same as the CLI's `map`: core's sampleSheet), so that
      // both count the same rows in their notes.
      const sampleRows: SourceRow[] = [];
      const tailRows: SourceRow[] = [];
      let totalRows = 0;
      for await (const row of sheet.rows()) {
        totalRows++;
        if (sampleRows.length < SUGGESTION_SAMPLE_ROWS) sampleRows.push(row);
        tailRows.push(row);
        if (tailRows.length > TAIL_ROWS) tailRows.shift();
        row.cells.forEach((cell, index) => {
          const values = distinct[index];
          if (values && values.size < DISTINCT_VALUES) values.add(cellText(cell).trim());
        });
      }
      const columnValues = Object.fromEntries(
        sheet.headers.map((header, index) => [
          header,
          [...(distinct[index] ?? [])].filter((value) => value !== ''),
        ]),
      );
      if (template) return { mapping: template, notes: [], columnValues, ...targetCatalog(reference) };
      const suggestion = suggestMapping({
        headers: sheet.headers,
        sampleRows,
        tailRows,
        totalRows,
        ...(reference ? { reference } : {}),
        fileName: sheet.fileName,
        sheet: sheet.sheet,
        headerRow: sheet.headerRow,
      });
      return {
        mapping: suggestion.mapping as unknown as Record<string, unknown>,
        notes: suggestion.decisions,
        columnValues,
        ...targetCatalog(reference),
      };
    },

    async importTemplate({ fileName, text }) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new BridgeFailure(
          'input',
          `${fileName} is not a mapping template: it is not valid JSON (${(error as Error).message}).`,
        );
      }
      const mapping = parseMapping(json, fileName) as unknown as Record<string, unknown>;
      const name = parse(fileName).name;
      return { name, names: await templates.save(name, mapping), mapping };
    },
  };
}
