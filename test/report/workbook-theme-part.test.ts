/**
 * A copy of a workbook saved without a theme part (our messy sample, LibreOffice's older files, many web
 * exports) must hold every part its relationships name: exceljs 4.4 wrote the relationship to
 * `theme/theme1.xml` and no such part, and Excel opened the report with "We found a problem with some
 * content" (explore 62). The zip is read as Excel reads it: relationships, then the parts they name.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { bytesSource, openValidationReport } from '../../core/index.ts';
import { MESSY, open, readRows, tempDir } from './helpers.ts';

/** Every target `xl/_rels/workbook.xml.rels` names, relative to `xl/`, missing from the zip. */
async function namedButMissing(path: string): Promise<{ named: string[]; missing: string[] }> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const named = [...rels.matchAll(/Target="([^"]+)"/g)].map(
    (match) => `xl/${match[1]!.replace(/^\/?xl\//, '')}`,
  );
  return { named, missing: named.filter((part) => !zip.file(part)) };
}

it('the Excel report of a workbook without a theme holds every part it names, the theme among them', async () => {
  const original = await readFile(MESSY);
  const themes = Object.keys((await JSZip.loadAsync(original)).files).filter((name) =>
    name.includes('theme'),
  );
  expect(themes, 'the sample is saved without a theme part').toEqual([]);

  const sheet = await open(MESSY);
  const out = join(await tempDir(), 'report.xlsx');
  const writer = await openValidationReport(out, {
    file: sheet.fileName,
    sheet: sheet.sheet,
    mode: 'create',
    headers: sheet.headers,
    headerRow: sheet.headerRow,
    workbook: bytesSource(sheet.fileName, original),
  });
  const rows = await readRows(sheet);
  for (const row of rows) await writer.add(row);
  await writer.close({ rows: rows.length, valid: rows.length, invalid: 0, skippedBlank: 0 });

  const { named, missing } = await namedButMissing(out);
  expect(named).toContain('xl/theme/theme1.xml');
  expect(missing).toEqual([]);
});
