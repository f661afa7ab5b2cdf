/**
 * A mapping file's text as JSON, read the one way the CLI (`--mapping`) and the app (saved templates,
 * "Load from file…") read it, so that a template edited by hand is refused in the same words wherever
 * it is opened: the line and column where it stops being JSON, never a failure without words.
 */
import { jsonSyntaxError } from './json-syntax.ts';
import { MappingError } from './mapping-error.ts';

/**
 * The JSON value of a mapping file's text. `fileName` names it in the refusal ("weekly.json", or "the
 * template 'weekly'", which MappingError says as "The template 'weekly' …").
 */
export function mappingJson(text: string, fileName: string): unknown {
  // Notepad and Excel's 'Save as' put a BOM in front; it is not part of the JSON.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new MappingError(
      fileName,
      [{ path: '', message: `is not valid JSON: ${jsonSyntaxError(json) ?? (error as Error).message}` }],
      { cause: error },
    );
  }
}
