import { PROBLEM_WORDING, translationFix, type PlainProblemCode, type ProblemCode } from './catalogue.ts';
import { MAPPING_FILE_WORDS, type MappingWords } from './mapping-words.ts';
import type { Problem } from './problem.ts';
import type { WaysOut } from './ways-out.ts';

/**
 * The one place a problem code and its fields become words. An unknown code is a bug, so it throws;
 * so is a code that names a way out (WAY_OUT_CODES) formatted without the host's words for it.
 */
export function formatProblem(
  code: PlainProblemCode,
  params: Record<string, unknown>,
  ways?: undefined,
  words?: MappingWords,
): string;
export function formatProblem(
  code: ProblemCode,
  params: Record<string, unknown>,
  ways: WaysOut,
  words?: MappingWords,
): string;
/** `mappingWords`: the host's words for the template's and the account's settings; the mapping file's by default. */
export function formatProblem(
  code: ProblemCode,
  params: Record<string, unknown>,
  ways?: WaysOut,
  mappingWords: MappingWords = MAPPING_FILE_WORDS,
): string {
  const wording = (
    PROBLEM_WORDING as Record<
      string,
      (p: Record<string, unknown>, ways: WaysOut, mappingWords: MappingWords) => string
    >
  )[code];
  if (!wording) throw new Error(`formatProblem: unknown problem code ${JSON.stringify(code)}`);
  const words = wording(params, ways ?? noWaysOut(code), mappingWords);
  // A value the column's "values" translated: whatever the target refuses, the fix is that translation.
  return params.translatedFrom === undefined ? words : `${words}; ${translationFix(params)}`;
}

export interface ProblemFields {
  row: number | null;
  /** Source column, or "constant <target>" / the rule behind it. */
  label: string | null;
  target: string | null;
  value: string | null;
  [param: string]: unknown;
}

/** Builds a Problem whose message comes from the catalogue. */
export function problem(
  code: PlainProblemCode,
  fields: ProblemFields,
  ways?: undefined,
  words?: MappingWords,
): Problem;
export function problem(
  code: ProblemCode,
  fields: ProblemFields,
  ways: WaysOut,
  words?: MappingWords,
): Problem;
export function problem(
  code: ProblemCode,
  fields: ProblemFields,
  ways?: WaysOut,
  words: MappingWords = MAPPING_FILE_WORDS,
): Problem {
  return {
    row: fields.row,
    column: fields.label,
    target: fields.target,
    value: fields.value,
    code,
    message: formatProblem(code, fields, ways ?? noWaysOut(code), words),
  };
}

/** Stands in for a host's words where none was given: asked for a way out, it throws (a bug). */
function noWaysOut(code: ProblemCode): WaysOut {
  return new Proxy({} as WaysOut, {
    get: (_target, way) => () => {
      throw new Error(
        `formatProblem: ${code} names a way out (${String(way)}) and no host's words were given`,
      );
    },
  });
}
