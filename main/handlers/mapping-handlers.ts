/**
 * The mapping step: a draft mapping (a template, or core's suggestion for these headers), every target
 * with help, the account's subject types, and each column's distinct values for value mapping.
 * Also templates imported from a file, checked by core's mapping parser before they are kept.
 */
import { parse } from 'node:path';
import { cellText, parseMapping, sampleSheet, suggestMapping } from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { targetCatalog } from '../session/target-help.ts';
import type { TemplateStore } from '../storage/templates.ts';

const DISTINCT_VALUES = 200;

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
      // The rows core's suggestion looks at, first and last (a footer), and how many there are: core's
      // sampleSheet, as the CLI's `map` reads them, so both say the same numbers. One pass: the
      // distinct values of each column are gathered on the way.
      const sample = await sampleSheet(sheet, undefined, (row) =>
        row.cells.forEach((cell, index) => {
          const values = distinct[index];
          if (values && values.size < DISTINCT_VALUES) values.add(cellText(cell).trim());
        }),
      );
      const looked = { rows: sample.sampleRows.length, totalRows: sample.totalRows };
      const columnValues = Object.fromEntries(
        sheet.headers.map((header, index) => [
          header,
          [...(distinct[index] ?? [])].filter((value) => value !== ''),
        ]),
      );
      if (template)
        return { mapping: template, notes: [], columnValues, sample: looked, ...targetCatalog(reference) };
      const suggestion = suggestMapping({
        headers: sheet.headers,
        ...sample,
        ...(reference ? { reference } : {}),
        fileName: sheet.fileName,
        sheet: sheet.sheet,
        headerRow: sheet.headerRow,
      });
      return {
        mapping: suggestion.mapping,
        notes: suggestion.decisions,
        columnValues,
        sample: looked,
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
      const mapping = parseMapping(json, fileName);
      const name = parse(fileName).name;
      return { name, names: await templates.save(name, mapping), mapping };
    },
  };
}
