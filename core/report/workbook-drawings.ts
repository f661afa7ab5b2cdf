/**
 * The pictures of a workbook (a carrier's logo) as exceljs 4.4.0 can copy them.
 *
 * exceljs reads a drawing part (`xl/drawings/drawingN.xml`) only when its elements carry the prefixes
 * Excel writes (`xdr:wsDr`, `xdr:twoCellAnchor`, `a:blip`, `r:embed`): it compares qualified names,
 * not namespaces. openpyxl, the common Python writer, declares the spreadsheet-drawing namespace as
 * the default one (`<wsDr xmlns="…spreadsheetDrawing">`); exceljs then keeps no drawing model and
 * fails with "Cannot read properties of undefined (reading 'anchors')" (exceljs issues #2591, #2949).
 * Both files mean the same XML, so the drawing is rewritten with Excel's prefixes before exceljs reads it.
 *
 * When exceljs still cannot read a workbook's drawings, `withoutDrawings` takes them out, so that the
 * cells, formats and other sheets are still copied and the report can say that the pictures were not.
 */
import { loadJSZip } from '../lazy-libraries.ts';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';

const DRAWING_PART = /^xl\/drawings\/[^/]+\.xml$/;
const DRAWING_RELS = /^xl\/drawings\/_rels\/[^/]+\.xml\.rels$/;
/** Excel's prefix for each namespace exceljs looks for by qualified name. */
const EXCEL_PREFIX: Record<string, string> = {
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing': 'xdr',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
};
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML = 'http://www.w3.org/XML/1998/namespace';

/** The workbook with every drawing part in Excel's prefixes; `rewritten` counts the parts changed. */
export async function withExcelDrawingPrefixes(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; rewritten: number }> {
  const zip = await (await loadJSZip()).loadAsync(bytes);
  let rewritten = 0;
  for (const name of Object.keys(zip.files)) {
    if (!DRAWING_PART.test(name)) continue;
    const xml = await zip.file(name)!.async('string');
    // Excel's and LibreOffice's drawings already read well: leave their bytes alone.
    if (/<xdr:wsDr[\s>]/.test(xml)) continue;
    zip.file(name, excelPrefixed(xml));
    rewritten++;
  }
  if (rewritten === 0) return { bytes, rewritten };
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), rewritten };
}

/**
 * The workbook without its drawing parts (pictures, shapes, charts' frames) and without the sheets'
 * references to them; comments (VML drawings) stay. `pictures` counts the media files left behind.
 */
export async function withoutDrawings(bytes: Uint8Array): Promise<{ bytes: Uint8Array; pictures: number }> {
  const zip = await (await loadJSZip()).loadAsync(bytes);
  const names = Object.keys(zip.files);
  for (const name of names) if (DRAWING_PART.test(name) || DRAWING_RELS.test(name)) zip.remove(name);
  for (const name of names.filter((candidate) => /^xl\/worksheets\/[^/]+\.xml$/.test(candidate))) {
    const xml = await zip.file(name)!.async('string');
    // The sheet's <drawing r:id="…"/> would point at a part that is gone.
    const without = xml.replace(/<(?:\w+:)?drawing\s[^>]*\/>/g, '');
    if (without !== xml) zip.file(name, without);
  }
  const pictures = names.filter((name) => /^xl\/media\//.test(name)).length;
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), pictures };
}

/** The same XML document with Excel's prefixes for the drawing namespaces and every other prefix kept. */
export function excelPrefixed(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'];
  // prefix → namespace, declared once on the root element (filled in when the document is read).
  const declared = new Map<string, string>();
  let generated = 0;
  const prefixOf = (uri: string, written: string): string => {
    const prefix = EXCEL_PREFIX[uri] ?? (written || `ns${++generated}`);
    const bound = declared.get(prefix);
    if (bound !== undefined && bound !== uri) throw new Error(`prefix ${prefix} names two namespaces`);
    declared.set(prefix, uri);
    return prefix;
  };
  const qualified = (uri: string, prefix: string, local: string) =>
    uri === '' ? local : uri === XML ? `xml:${local}` : `${prefixOf(uri, prefix)}:${local}`;
  let rootAt = -1;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes = Object.values(tag.attributes as Record<string, SaxesAttributeNS>)
      .filter((attribute) => attribute.uri !== XMLNS && attribute.name !== 'xmlns')
      .map(
        (attribute) =>
          ` ${qualified(attribute.uri, attribute.prefix, attribute.local)}="${escapeXml(attribute.value, true)}"`,
      )
      .join('');
    if (rootAt < 0) rootAt = out.length + 1;
    out.push(
      `<${qualified(tag.uri, tag.prefix, tag.local)}`,
      '',
      `${attributes}${tag.isSelfClosing ? '/>' : '>'}`,
    );
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing) out.push(`</${qualified(tag.uri, tag.prefix, tag.local)}>`);
  });
  parser.on('text', (text) => out.push(escapeXml(text, false)));
  parser.on('cdata', (text) => out.push(escapeXml(text, false)));
  parser.write(xml).close();
  out[rootAt] = [...declared].map(([prefix, uri]) => ` xmlns:${prefix}="${escapeXml(uri, true)}"`).join('');
  return out.join('');
}

function escapeXml(text: string, attribute: boolean): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? escaped.replace(/"/g, '&quot;') : escaped;
}
