/**
 * An XLSX export opens with a filter on its header row in LibreOffice too: LibreOffice builds a sheet's
 * filter from the sheet-local `_xlnm._FilterDatabase` name, which exceljs does not write, so an export
 * it opened had none. Each data sheet names its own filter range, over its header and every row on it.
 * Read by openpyxl's parser of workbook.xml and by LibreOffice, not by the library that wrote them.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { connectionEnv, runCli, secretSandbox, type SandboxWithLog } from '../cli/import-helpers.ts';
import { demoAccount, recordsApi } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

interface SheetSeen {
  sheet: string;
  /** The sheet's used range as openpyxl sees it, e.g. "A1:CI47". */
  used: string;
  /** Its filter as openpyxl reads it from the sheet. */
  filter: string | null;
  /** The texts of the `_xlnm._FilterDatabase` names local to it. */
  named: string[];
}

/**
 * Each visible sheet's used range, filter and filter names. The names come from openpyxl's package
 * parser of workbook.xml: load_workbook leaves `_xlnm._FilterDatabase` names out.
 */
const READ_SHEETS = `
import json, sys, zipfile, openpyxl
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.xml.functions import fromstring
package = WorkbookPackage.from_tree(fromstring(zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml")))
names = package.definedNames.definedName if package.definedNames else []
wb = openpyxl.load_workbook(sys.argv[1])
seen = []
for index, ws in enumerate(wb.worksheets):
    if ws.sheet_state != "visible": continue
    named = [n.attr_text for n in names if n.name == "_xlnm._FilterDatabase" and n.localSheetId == index]
    seen.append({"sheet": ws.title, "used": ws.dimensions, "filter": ws.auto_filter.ref, "named": named})
print(json.dumps(seen))
`;

function sheetsByOpenpyxl(path: string): SheetSeen[] {
  return JSON.parse(runPython(READ_SHEETS, [path], { encoding: 'utf8' })) as SheetSeen[];
}

/** "A1:CI47" as a defined name spells it on `sheet`: "'Case Requests'!$A$1:$CI$47". */
function nameText(sheet: string, range: string): string {
  return `'${sheet}'!${range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`;
}

let running: SandboxWithLog;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
});

afterAll(async () => {
  await running?.sandbox.close();
});

describe('an XLSX export names its filter range for LibreOffice', () => {
  it('export --out x.xlsx: the data sheet names its filter over the header and every row; LibreOffice keeps the filter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-filter-name-'));
    const out = join(dir, 'requests.xlsx');
    // At a pace the sandbox allows: the CLI's default for an account (1 request/s) only made this wait.
    const run = await runCli(
      'export',
      ['--out', out, '--rate', '100/s'],
      dir,
      connectionEnv(running.sandbox),
    );
    expect(run.code).toBe(0);
    const count = running.sandbox.account().case_requests.length;
    const [data, ...others] = sheetsByOpenpyxl(out);
    expect(data!.sheet).toBe('Case Requests');
    // The header and one row per request, as far right as the last column.
    expect(data!.used).toMatch(new RegExp(`^A1:[A-Z]+${count + 1}$`));
    expect(data!.filter).toBe(data!.used);
    expect(data!.named).toEqual([nameText('Case Requests', data!.used)]);
    // "Export info" has no filter, so no name.
    expect(others.map((sheet) => [sheet.sheet, sheet.named])).toEqual([['Export info', []]]);

    // Opened and saved again by LibreOffice, the data sheet still has its filter: it found it by name.
    const again = join(dir, 'again');
    libreOfficeConvert(out, 'xlsx', again);
    expect(sheetsByOpenpyxl(join(again, 'requests.xlsx'))[0]!.filter).toBe(data!.used);
  }, 120_000);

  it('an export over several sheets names each sheet its own range, local to that sheet', async () => {
    const account = await demoAccount();
    const out = join(await mkdtemp(join(tmpdir(), 'export-filter-name-')), 'out.xlsx');
    const result = await exportCaseRequests({
      api: recordsApi(account.case_requests),
      filters: {},
      format: 'xlsx',
      preset: 'report',
      out,
      reference: account,
      accountLabel: 'test',
      maxRowsPerSheet: 10,
    });
    expect(result.sheets.length).toBeGreaterThan(2);
    const seen = sheetsByOpenpyxl(out).filter((sheet) => result.sheets.includes(sheet.sheet));
    expect(seen.map((sheet) => sheet.sheet)).toEqual(result.sheets);
    for (const sheet of seen) {
      expect(sheet.filter).toBe(sheet.used);
      expect(sheet.named).toEqual([nameText(sheet.sheet, sheet.used)]);
    }
  });
});
