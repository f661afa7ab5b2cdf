import type { z } from 'zod';
import { jsonPath, MappingError, type MappingProblem } from './mapping-error.ts';
import { mappingRuleProblems } from './mapping-rules.ts';
import { meantName, unknownKeyWords } from './meant-name.ts';
import {
  columnSchema,
  mappingSchema,
  skipSchema,
  sourceSchema,
  subjectGroupSchema,
  type Mapping,
} from './schema.ts';
import { schemaIssueWords } from '../schema-issue-words.ts';

/** Checks a parsed mapping file (shape and rules); throws MappingError listing every problem. */
export function parseMapping(json: unknown, fileName: string): Mapping {
  refuseOtherJson(json, fileName);
  const result = mappingSchema.safeParse(json);
  const problems = [
    ...(result.success ? [] : shapeProblems(result.error.issues, json)),
    ...mappingRuleProblems(json),
  ];
  if (problems.length > 0 || !result.success) throw new MappingError(fileName, problems);
  return result.data;
}

/**
 * Checks only the shape (keys, types, targets), in the words parseMapping uses: for the app's saved
 * templates, which may be a mapping still being made (two columns on one field, said in the wizard and
 * refused by the dry run), but never something that is not a mapping at all.
 */
export function parseMappingShape(json: unknown, fileName: string): Mapping {
  refuseOtherJson(json, fileName);
  const result = mappingSchema.safeParse(json);
  if (result.success) return result.data;
  throw new MappingError(fileName, shapeProblems(result.error.issues, json));
}

/**
 * Another JSON file given as the mapping (a validate report, import results, package.json): an object
 * with no "columns" and no "version": 1 is no mapping with slips in it. Said once, with what it seems
 * to be, not as one unknown key per key it holds.
 */
function refuseOtherJson(json: unknown, fileName: string): void {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return;
  const keys = Object.keys(json);
  if ('columns' in json || (json as { version?: unknown }).version === 1 || keys.length === 0) return;
  const report = 'summary' in json && 'rows' in json;
  const shown = keys.slice(0, 6).map((key) => JSON.stringify(key));
  const holds = `${shown.join(', ')}${keys.length > shown.length ? `, … (${keys.length} keys)` : ''}`;
  throw new MappingError(fileName, [
    {
      path: '',
      message:
        `is not a mapping: it has no "columns" and no "version": 1, and holds ${holds}` +
        `${report ? ': a validate report or import results, it seems' : ''}. ` +
        'Give the mapping file (one trackops-bulk map wrote, or a template saved from the app)',
    },
  ]);
}

function shapeProblems(issues: readonly z.core.$ZodIssue[], json: unknown): MappingProblem[] {
  const problems: MappingProblem[] = [];
  // Each place's keys are listed once: a second unknown key there points back to that list.
  const listed = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const [allowed, place] = keysAt(issue.path);
        const at = jsonPath(issue.path);
        const message = unknownKeyWords(key, allowed, place, listed.has(at));
        if (meantName(key, allowed) === null) listed.add(at);
        problems.push({ path: jsonPath([...issue.path, key]), message });
      }
    } else if (issue.code === 'invalid_key') {
      // A record key that is not a target: zod keeps the reason in the nested issue.
      problems.push({ path: jsonPath(issue.path), message: issue.issues[0]?.message ?? issue.message });
    } else if (issue.path.length === 1 && issue.path[0] === 'version') {
      const missing = (json as { version?: unknown } | null)?.version === undefined;
      problems.push({
        path: 'version',
        message: missing
          ? 'is missing: a mapping file says "version": 1 (add it at the top)'
          : 'this tool reads mapping files of version 1',
      });
    } else {
      problems.push({ path: jsonPath(issue.path), message: schemaIssueWords(issue, json) });
    }
  }
  return problems;
}

/** The keys the object at `path` takes, and how to name that place ("a column takes …"). */
function keysAt(path: readonly PropertyKey[]): [string[], string] {
  const [head] = path;
  if (head === 'columns') return [Object.keys(columnSchema.shape), 'a column'];
  if (head === 'subjects') return [Object.keys(subjectGroupSchema.shape), 'a subject group'];
  if (head === 'source') return [Object.keys(sourceSchema.shape), '"source"'];
  if (head === 'skip') return [Object.keys(skipSchema.shape), '"skip"'];
  return [Object.keys(mappingSchema.shape), 'a mapping'];
}
