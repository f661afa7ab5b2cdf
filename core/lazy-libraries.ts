/**
 * exceljs and JSZip, loaded on first use. Between them they load ≈ 800 CommonJS files (≈ 0.5 s of CPU at
 * a command's start, measured), while most commands never write or copy a workbook: `--help`, a usage
 * error, a CSV dry run, a CSV export. Each is loaded once per process.
 */
import type ExcelJSModule from 'exceljs';
import type JSZipModule from 'jszip';

let excel: Promise<typeof ExcelJSModule> | undefined;
let zip: Promise<typeof JSZipModule> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  return (excel ??= import('exceljs').then((module) => module.default));
}

export function loadJSZip(): Promise<typeof JSZipModule> {
  return (zip ??= import('jszip').then((module) => module.default));
}
