/**
 * A workbook's cell notes (comments) where exceljs 4.4.0 can read them.
 *
 * exceljs reads a sheet's notes only from parts named as Excel names them (`xl/comments1.xml`,
 * `xl/drawings/vmlDrawing1.vml`) and finds them through the sheet's relationships by the exact
 * relative target Excel writes (`../comments1.xml`). openpyxl, the common Python writer, stores them as
 * `xl/comments/comment1.xml` and `xl/drawings/commentsDrawing1.vml` with absolute targets
 * (`/xl/comments/comment1.xml`); exceljs then never reads the parts and fails on the sheet with
 * "Cannot read properties of undefined (reading 'comments')". The package means the same with Excel's
 * names, so the parts are renamed (and the relationships and content types follow) before exceljs reads it.
 *
 * exceljs also keeps only a note's rich-text runs (`<text><r><t>…</t></r></text>`); openpyxl writes a
 * plain note as `<text><t>…</t></text>`, which exceljs would copy as an empty note. Such a text becomes
 * one run of the same words.
 */
import { loadJSZip } from '../lazy-libraries.ts';

const SHEET_RELS = /^xl\/worksheets\/_rels\/([^/]+)\.xml\.rels$/;
const COMMENTS_TYPE = '/relationships/comments';
const VML_TYPE = '/relationships/vmlDrawing';
/** Where exceljs looks for each kind of part: the name it needs, and the target that reaches it. */
const EXCEL_NAMES = {
  comments: { named: /^xl\/comments\d+\.xml$/, part: (n: number) => `xl/comments${n}.xml` },
  vml: { named: /^xl\/drawings\/vmlDrawing\d+\.vml$/, part: (n: number) => `xl/drawings/vmlDrawing${n}.vml` },
} as const;

/** The workbook with every sheet's notes as exceljs reads them; `renamed` counts the parts changed. */
export async function withExcelCommentParts(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; renamed: number }> {
  const zip = await (await loadJSZip()).loadAsync(bytes);
  const names = Object.keys(zip.files);
  const taken = new Set(names);
  let renamed = 0;
  let contentTypes: string | null = null;
  for (const relsName of names.filter((name) => SHEET_RELS.test(name))) {
    const rels = await zip.file(relsName)!.async('string');
    let changed = rels;
    for (const [element] of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
      const type = attribute(element, 'Type') ?? '';
      const kind = type.endsWith(COMMENTS_TYPE) ? 'comments' : type.endsWith(VML_TYPE) ? 'vml' : null;
      const target = attribute(element, 'Target');
      if (kind === null || target === null || attribute(element, 'TargetMode') === 'External') continue;
      const from = partOf(target);
      // Excel's and LibreOffice's files already read well: their relative targets are left alone.
      if (EXCEL_NAMES[kind].named.test(from) && !target.startsWith('/')) continue;
      if (!zip.file(from)) continue;
      const to = EXCEL_NAMES[kind].named.test(from) ? from : freeName(taken, EXCEL_NAMES[kind].part);
      if (to !== from) {
        zip.file(to, await zip.file(from)!.async('uint8array'));
        zip.remove(from);
        contentTypes ??= (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
        contentTypes = contentTypes.replace(`PartName="/${from}"`, `PartName="/${to}"`);
      }
      changed = changed.replace(element, element.replace(`Target="${target}"`, `Target="../${to.slice(3)}"`));
      renamed++;
    }
    if (changed !== rels) zip.file(relsName, changed);
  }
  for (const name of Object.keys(zip.files).filter((candidate) =>
    EXCEL_NAMES.comments.named.test(candidate),
  )) {
    const xml = await zip.file(name)!.async('string');
    const runs = xml.replace(
      /<((?:\w+:)?)text>(\s*<\1t(?:\s[^>]*)?>[\s\S]*?<\/\1t>\s*)<\/\1text>/g,
      '<$1text><$1r>$2</$1r></$1text>',
    );
    if (runs === xml) continue;
    zip.file(name, runs);
    renamed++;
  }
  if (renamed === 0) return { bytes, renamed };
  if (contentTypes !== null) zip.file('[Content_Types].xml', contentTypes);
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), renamed };
}

/** A relationship's target as a part name: absolute (`/xl/…`) or relative to `xl/worksheets/`. */
function partOf(target: string): string {
  const parts = target.startsWith('/') ? [] : ['xl', 'worksheets'];
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(decodeURIComponent(segment));
  }
  return parts.join('/');
}

function freeName(taken: Set<string>, name: (n: number) => string): string {
  let n = 1;
  while (taken.has(name(n))) n++;
  taken.add(name(n));
  return name(n);
}

function attribute(element: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] ?? null;
}
