import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { normaliseLabel, wordsAlign } from './similarity.ts';
import type { Mapping } from './schema.ts';

export interface MissingColumn {
  /** Where the mapping names the column: "columns[3].column", "skip.whenBlank[0]". */
  path: string;
  problem: Problem;
}

/** A column the mapping names in another case than the file's header ("Carrier" for "CARRIER"). */
export interface HeaderCaseMatch {
  column: string;
  header: string;
}

const caseless = (text: string): string => text.trim().toLowerCase();

/**
 * The file's header for a column the mapping names, when it is not there exactly but exactly one header
 * is the same ignoring case and surrounding spaces ("CARRIER", " Adjuster Email "); else null. Two such
 * headers ("Name", "NAME") are a choice the tool does not make.
 */
function caseMatch(column: string, headers: readonly string[]): string | null {
  const key = caseless(column);
  const found = headers.filter((header) => caseless(header) === key);
  return found.length === 1 ? found[0]! : null;
}

/**
 * The mapping with each column name the file has only in another case replaced by the file's header,
 * and those replacements, so that a caller can say so. The mapping is returned as given when none is.
 */
export function resolveHeaderCase(
  mapping: Mapping,
  headers: readonly string[],
): { mapping: Mapping; matched: HeaderCaseMatch[] } {
  const present = new Set(headers);
  const matched: HeaderCaseMatch[] = [];
  const resolve = (column: string): string => {
    if (present.has(column)) return column;
    const header = caseMatch(column, headers);
    if (header === null) return column;
    if (!matched.some((match) => match.column === column)) matched.push({ column, header });
    return header;
  };
  const columns = mapping.columns.map((column) => {
    const name = resolve(column.column);
    return name === column.column ? column : { ...column, column: name };
  });
  const whenBlank = mapping.skip?.whenBlank?.map(resolve);
  if (matched.length === 0) return { mapping, matched };
  return {
    mapping: {
      ...mapping,
      columns,
      ...(mapping.skip && whenBlank ? { skip: { ...mapping.skip, whenBlank } } : {}),
    },
    matched,
  };
}

/** Notes saying which columns of the mapping were found in the file in another case. */
export function headerCaseNotes(mapping: Mapping, headers: readonly string[]): string[] {
  return resolveHeaderCase(mapping, headers).matched.map(
    ({ column, header }) =>
      `the mapping's column '${column}' is '${header}' in the file: matched ignoring case (the only header that matches so)`,
  );
}

/**
 * The header a missing column most likely is, when one is clearly close and no other is: the same words
 * once case, punctuation and abbreviations are set aside ("Claim #" / "Claim Number"), else each word
 * a close spelling of the other's ("Adjuster Emial" / "Adjuster Email"). Null when none or several are.
 */
export function closestHeader(column: string, headers: readonly string[]): string | null {
  const words = normaliseLabel(column);
  if (words === '') return null;
  const same = headers.filter((header) => normaliseLabel(header) === words);
  if (same.length > 0) return same.length === 1 ? same[0]! : null;
  const close = headers.filter((header) => {
    const other = normaliseLabel(header);
    return other !== '' && wordsAlign(other, words);
  });
  return close.length === 1 ? close[0]! : null;
}

/**
 * The columns the mapping names (mapped columns, and the columns of `skip.whenBlank`) that the sheet
 * lacks, each with the closest header when one is clearly close. A column the file has only in another
 * case is found (resolveHeaderCase), not missing. The file's headers are listed once, by the caller
 * (missingColumnsHeaders), not once per missing column.
 */
export function checkMappingAgainstHeaders(
  mapping: Mapping,
  headers: string[],
  fileName: string,
  sheet: string | null = null,
): MissingColumn[] {
  const present = new Set(headers);
  const reported = new Set<string>();
  const missing: MissingColumn[] = [];
  const check = (column: string, target: string | null, path: string): void => {
    if (present.has(column) || reported.has(column) || caseMatch(column, headers) !== null) return;
    reported.add(column);
    const closest = closestHeader(column, headers);
    missing.push({
      path,
      problem: problem('missing_column', {
        row: null,
        label: column,
        target,
        value: null,
        column,
        file: fileName,
        sheet,
        ...(closest !== null ? { closest } : {}),
      }),
    });
  };
  mapping.columns.forEach((column, index) => check(column.column, column.target, `columns[${index}].column`));
  mapping.skip?.whenBlank?.forEach((column, index) => check(column, null, `skip.whenBlank[${index}]`));
  return missing;
}

/** The one line that lists the file's headers after its missing columns, and what to do. */
export function missingColumnsHeaders(headers: readonly string[], fileName: string): string {
  return (
    `the headers of ${fileName} are: ${headers.join(', ')}. ` +
    'Rename each missing column in the mapping to one of these, or take it out of the mapping'
  );
}
