/**
 * A report or results copy of a clerk's workbook keeps their defined names as they were: a name local
 * to one sheet stays local to it, and names that are not plain ranges (a constant) stay at all. exceljs
 * alone made the sheet-local "Rate" workbook-wide (so a formula on that sheet read another sheet's rate)
 * and dropped "VAT" (the formula using it read #NAME?). The workbook is made by openpyxl, the CLI is
 * spawned against the sandbox over HTTP, and the copies are opened by openpyxl and recalculated by
 * LibreOffice, not by the library that wrote them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sofficePath } from '../tools/libreoffice.ts';
import {
  connectionEnv,
  runCli,
  secretSandbox,
  TEMPLATE,
  type CliResult,
  type SandboxWithLog,
} from '../cli/import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const CLEAN_CSV = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;

/**
 * The clerk's workbook: the sample referrals on "Referrals", then "Rates" whose own "Rate" is 0.15,
 * and "Totals" that uses the workbook's "Rate" (0.25) and the constant "VAT" (0.2).
 */
const MAKE_WORKBOOK = `
import csv, sys, openpyxl
from openpyxl.workbook.defined_name import DefinedName
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "Referrals"
for row in csv.reader(open(sys.argv[1], encoding="utf-8")): ws.append(row)
rates = wb.create_sheet("Rates")
rates["A1"] = "Rate here"; rates["B1"] = 0.15; rates["C1"] = "=Rate*100"
totals = wb.create_sheet("Totals")
totals["A1"] = "Rate"; totals["B1"] = 0.25; totals["C1"] = "=Rate*100"; totals["D1"] = "=VAT*100"
wb.defined_names.append(DefinedName("Rate", localSheetId=1, attr_text="Rates!$B$1"))
wb.defined_names.append(DefinedName("Rate", attr_text="Totals!$B$1"))
wb.defined_names.append(DefinedName("VAT", attr_text="0.2"))
wb.save(sys.argv[2])
`;

/**
 * Each defined name as openpyxl parses workbook.xml: its name, the sheet it is local to (or null), its
 * text. Its package parser, not load_workbook, which leaves out the `_xlnm._FilterDatabase` names.
 */
const READ_NAMES = `
import json, sys, zipfile
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.xml.functions import fromstring
package = WorkbookPackage.from_tree(fromstring(zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml")))
sheets = [sheet.name for sheet in package.sheets]
names = [{"name": n.name, "sheet": None if n.localSheetId is None else sheets[n.localSheetId], "text": n.attr_text} for n in package.definedNames.definedName]
print(json.dumps(sorted(names, key=lambda n: (n["name"], n["sheet"] or ""))))
`;

interface NameSeen {
  name: string;
  sheet: string | null;
  text: string;
}

function namesByOpenpyxl(path: string): NameSeen[] {
  return JSON.parse(runPython(READ_NAMES, [path], { encoding: 'utf8' })) as NameSeen[];
}

/**
 * The "Rates" and "Totals" sheets of each copy as LibreOffice computes them (every sheet to its own CSV):
 * one soffice run for all the copies, as a start of LibreOffice (a new profile each) costs more than
 * converting a small workbook.
 */
async function computedByLibreOffice(
  paths: string[],
  dir: string,
): Promise<Map<string, { rates: string; totals: string }>> {
  execFileSync(
    sofficePath(),
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      // Comma, double quote, UTF-8, from line 1, …, the last -1: every sheet to "<name>-<sheet>.csv".
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      dir,
      ...paths,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const computed = new Map<string, { rates: string; totals: string }>();
  for (const path of paths) {
    const base = join(
      dir,
      path
        .split('/')
        .pop()!
        .replace(/\.xlsx$/, ''),
    );
    computed.set(path, {
      rates: (await readFile(`${base}-Rates.csv`, 'utf8')).trim(),
      totals: (await readFile(`${base}-Totals.csv`, 'utf8')).trim(),
    });
  }
  return computed;
}

const AS_MADE: NameSeen[] = [
  { name: 'Rate', sheet: null, text: 'Totals!$B$1' },
  { name: 'Rate', sheet: 'Rates', text: 'Rates!$B$1' },
  { name: 'VAT', sheet: null, text: '0.2' },
];

const COPIES = [
  ['validate', '--report', 'report.xlsx'],
  ['import', '--results', 'results.xlsx'],
] as const;

let running: SandboxWithLog;
let dir: string;
let workbook: string;
/** Each command's run and the copy it wrote, by command. */
const made = new Map<string, { run: CliResult; out: string }>();
let computed: Map<string, { rates: string; totals: string }>;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'scoped-names-'));
  workbook = join(dir, 'referrals.xlsx');
  runPython(MAKE_WORKBOOK, [CLEAN_CSV, workbook]);
  expect(namesByOpenpyxl(workbook)).toEqual(AS_MADE);
  // One after the other (the import's creates would be rows already there for a validate beside it), at
  // a pace the sandbox allows: the CLI's default for an account is 1/s, which only made this wait; what
  // is checked is the copies they write, not how they pace.
  for (const [command, flag, name] of COPIES) {
    const out = join(dir, name);
    const run = await runCli(
      command,
      [workbook, '--mapping', TEMPLATE, flag, out, '--rate', '100/s'],
      dir,
      connectionEnv(running.sandbox),
    );
    made.set(command, { run, out });
  }
  // Every copy written is opened by LibreOffice in one run; a copy not written fails its own test below.
  const written = [...made.values()].filter(({ run }) => run.code === 0).map(({ out }) => out);
  computed = written.length ? await computedByLibreOffice(written, join(dir, 'lo')) : new Map();
}, 180_000);

afterAll(async () => {
  await running?.sandbox.close();
});

describe("a copy of the clerk's workbook keeps their defined names, each in its own scope", () => {
  it.each(COPIES)(
    '%s %s: the names are as they were, and their formulas compute as in the original',
    (command) => {
      const { run, out } = made.get(command)!;
      expect(run.stderr).not.toMatch(/could not be copied|new workbook/);
      expect(run.code).toBe(0);
      // Theirs as they were, and the filter's range we add to the data sheet, local to it.
      expect(namesByOpenpyxl(out)).toEqual([
        ...AS_MADE,
        {
          name: '_xlnm._FilterDatabase',
          sheet: 'Referrals',
          text: expect.stringMatching(/^'Referrals'!\$A\$1:\$A[A-Z]\$11$/) as unknown as string,
        },
      ]);
      // "Rates" reads its own rate (15, not the workbook's 25); "Totals" the workbook's and the VAT.
      expect(computed.get(out)?.rates).toBe('Rate here,0.15,15');
      expect(computed.get(out)?.totals).toBe('Rate,0.25,25,20');
    },
  );
});
