/**
 * The mapping step: a draft mapping (a template, or core's suggestion for these headers), every target
 * with help, the account's subject types, and each column's distinct values for value mapping.
 * Also templates imported from a file, checked by core's mapping parser before they are kept.
 */
import { parse } from 'node:path';
import {
  cellText,
  closestHeader,
  resolveHeaderCase,
  fieldsNamedByHeaders,
  mappingFileText,
  mappingJson,
  parseMapping,
  planPickedColumn,
  sampleFirstRows,
  sampleSheet,
  suggestMapping,
  type Mapping,
  type SourceRow,
} from '../../core/index.ts';
import type { TextKey } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { APP_MAPPING_WORDS } from '../bridge/mapping-words.ts';
import type { Accounts } from '../session/accounts.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { withoutRowNumbers } from '../session/row-numbers.ts';
import { targetCatalog, textKey } from '../session/target-help.ts';
import type { TemplateStore } from '../storage/templates.ts';
import { refuseNameInUse } from './template-names.ts';

const DISTINCT_VALUES = 200;

export function mappingHandlers(deps: {
  sources: SourceRegistry;
  accounts: Accounts;
  templates: TemplateStore;
}): Pick<BridgeHandlers, 'draftMapping' | 'planColumn' | 'importTemplate' | 'fitTemplate'> {
  const { sources, accounts, templates } = deps;
  /** The rows the last suggestion of each file looked at: a field picked by hand is planned from them. */
  const samples = new Map<string, SourceRow[]>();
  return {
    async draftMapping({ sourceId, profileId, template, whole }) {
      const sheet = await sources.sheet(sourceId);
      const reference = profileId ? await accounts.reference(profileId) : null;
      const distinct = sheet.headers.map(() => new Set<string>());
      const gather = (row: SourceRow) =>
        row.cells.forEach((cell, index) => {
          const values = distinct[index];
          if (values && values.size < DISTINCT_VALUES) values.add(cellText(cell).trim());
        });
      // The rows core's suggestion looks at, first and last (a footer), and how many there are: core's
      // sampleSheet, as the CLI's `map` reads them, so both say the same numbers. One pass: the
      // distinct values of each column are gathered on the way. While the rest of a large file is
      // still being read, the first rows only (issue 13: the person sees the mapping without waiting
      // for every row; the wizard asks again with `whole` and fills in the rest).
      const sample =
        whole || (await sources.isRead(sourceId))
          ? { ...(await sampleSheet(sheet, undefined, gather)), complete: true }
          : await sampleFirstRows(sheet, undefined, gather);
      const { complete, ...rows } = sample;
      samples.set(sourceId, rows.sampleRows);
      const looked = { rows: rows.sampleRows.length, totalRows: rows.totalRows ?? null };
      const columnValues = Object.fromEntries(
        sheet.headers.map((header, index) => [
          header,
          [...(distinct[index] ?? [])].filter((value) => value !== ''),
        ]),
      );
      const valueKeys = keysOfValues(columnValues, template);
      // Said with the targets: whether a field none of them holds is known to be gone (MappingDraft).
      const accountFields =
        reference !== null && !reference.unavailable?.fields && !reference.incomplete?.fields;
      // The field offered for a column whose own field the account no longer has: core's rule, worked out
      // here because the renderer cannot import core (it had a copy of the rule: two to keep alike).
      const headerFields = accountFields && reference ? fieldsNamedByHeaders(sheet.headers, reference) : {};
      if (template)
        return {
          mapping: template,
          notes: [],
          columnValues,
          valueKeys,
          sample: looked,
          complete,
          accountFields,
          headerFields,
          ...targetCatalog(reference),
        };
      const headerGiven = sources.get(sourceId).headerRowGiven === true;
      const suggestion = suggestMapping({
        headers: sheet.headers,
        ...rows,
        ...(reference ? { reference } : {}),
        fileName: sheet.fileName,
        mappingWords: APP_MAPPING_WORDS,
        sheet: sheet.sheet,
        headerRow: sheet.headerRow,
        // A header row the person gave in the sheet step goes into the template; one only detected is
        // left out, as `map` leaves it out, so next month's file has its header found afresh.
        ...(headerGiven ? { givenHeaderRow: sheet.headerRow } : {}),
        ...(sheet.groupHeadings ? { groupHeadings: sheet.groupHeadings } : {}),
      });
      // As `map` says it: a header found below row 1 that the template does not fix.
      const notes =
        headerGiven || sheet.headerRow === 1
          ? suggestion.decisions
          : [
              ...suggestion.decisions,
              {
                column: null,
                level: 'info' as const,
                message: `the header was found in row ${sheet.headerRow}; the mapping does not fix that row, so each file's header row is found afresh (to fix it, choose row ${sheet.headerRow} as the header row on the sheet step)`,
              },
            ];
      return {
        mapping: suggestion.mapping,
        notes,
        columnValues,
        valueKeys,
        sample: looked,
        complete,
        accountFields,
        headerFields,
        ...targetCatalog(reference),
      };
    },

    async planColumn({ sourceId, profileId, column, target }) {
      const sheet = await sources.sheet(sourceId);
      const index = sheet.headers.indexOf(column);
      if (index < 0) throw new BridgeFailure('input', `The file has no column “${column}”.`);
      const reference = profileId ? await accounts.reference(profileId) : null;
      const rows = samples.get(sourceId) ?? (await sampleSheet(sheet)).sampleRows;
      const cells = rows.map((row) => row.cells[index] ?? null);
      const plan = planPickedColumn(column, target, cells, reference ?? undefined, '', APP_MAPPING_WORDS);
      return { options: plan.options, notes: plan.notes };
    },

    async fitTemplate({ sourceId, mapping }) {
      const sheet = await sources.sheet(sourceId);
      const { mapping: fitted, matched } = resolveHeaderCase(mapping, sheet.headers);
      const present = new Set(sheet.headers);
      const missing = [...new Set(fitted.columns.map((entry) => entry.column))]
        .filter((column) => !present.has(column))
        .map((column) => ({ column, closest: closestHeader(column, sheet.headers) }));
      return { mapping: fitted, matched, missing };
    },

    async importTemplate({ fileName, text, bytesBase64, name: asked, replace }) {
      // As the CLI reads --mapping (mapping-text.ts): its bytes decoded as a file's, a BOM dropped, a slip
      // named by line and column.
      const read =
        bytesBase64 !== undefined
          ? mappingFileText(Buffer.from(bytesBase64, 'base64'), fileName)
          : text !== undefined
            ? text
            : null;
      if (read === null)
        throw new BridgeFailure('input', `${fileName}: the template file's content is missing.`);
      const json = mappingJson(read, fileName);
      const parsed = parseMapping(json, fileName);
      const name = asked ?? parse(fileName).name;
      // As "Save template" keeps it: row numbers belong to the file the template was made from, and
      // would leave out the same rows of every later file (said to the clerk with `droppedRows`).
      const mapping = withoutRowNumbers(parsed);
      await refuseNameInUse(templates, name, replace, mapping);
      const droppedRows = parsed.skip?.rows ?? [];
      return { name, names: await templates.save(name, mapping), mapping, droppedRows };
    },
  };
}

/**
 * How core matches each value of the columns, and each item of it (MappingDraft.valueKeys): the items of
 * the separators core's suggestion proposes (";" and ","), and of any other "split" the template gives.
 */
function keysOfValues(
  columnValues: Record<string, string[]>,
  template: Mapping | undefined,
): Record<string, TextKey> {
  const splits = new Set([';', ',', ...(template?.columns ?? []).flatMap((column) => column.split ?? [])]);
  const keys: Record<string, TextKey> = {};
  const add = (text: string) => {
    if (text !== '' && !(text in keys)) keys[text] = textKey(text);
  };
  for (const values of Object.values(columnValues))
    for (const value of values) {
      add(value);
      for (const split of splits) for (const item of value.split(split)) add(item.trim());
    }
  return keys;
}
