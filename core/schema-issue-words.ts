/**
 * What is wrong with one value of a file we read (a mapping, a saved check, an export history), in a
 * clerk's words. The schema library's own ("Invalid input: expected array, received string", "Too
 * small: expected string to have >=1 characters") reached the app's Connection screen and the CLI as
 * they were; they name types a person editing a file by hand does not think in. A message a schema
 * wrote itself (a refinement's own words) is kept as written.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** The library's default messages start so; anything else was written by us and is kept. */
const LIBRARY_WORDS =
  /^(Invalid (input|option|string|key|element|union|value)|Too (small|big)|Unrecognized key)/;

/** "holds text ("yes") where true or false belongs": the value at the issue's path, read from `root`. */
export function schemaIssueWords(issue: Issue, root: unknown): string {
  if (!LIBRARY_WORDS.test(issue.message)) return issue.message;
  const value = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `is missing (${expectedWords(issue.expected)} belongs there)`;
      return `holds ${valueWords(value)} where ${expectedWords(issue.expected)} belongs`;
    case 'invalid_value': {
      const allowed = issue.values.map((option) => JSON.stringify(option));
      if (value === undefined) return `is missing (${oneOf(allowed)} belongs there)`;
      return `holds ${valueWords(value)} where ${oneOf(allowed)} belongs`;
    }
    case 'too_small':
      return sizeWords(issue.origin, Number(issue.minimum), issue.inclusive !== false, 'least', value);
    case 'too_big':
      return sizeWords(issue.origin, Number(issue.maximum), issue.inclusive !== false, 'most', value);
    case 'invalid_format':
      return `holds ${valueWords(value)}, which is not in the form this place takes`;
    case 'invalid_union': {
      const forms = unionForms(issue.errors);
      if (forms) return `holds ${valueWords(value)} where ${oneOf(forms)} belongs`;
      return `holds ${valueWords(value)}, which is none of the forms this place takes`;
    }
    default:
      return issue.message;
  }
}

function sizeWords(
  origin: string,
  limit: number,
  inclusive: boolean,
  side: 'least' | 'most',
  value: unknown,
): string {
  if (origin === 'string' && side === 'least' && limit === 1 && value === '') return 'is empty';
  const bound = inclusive ? limit : side === 'least' ? limit + 1 : limit - 1;
  if (origin === 'string')
    return `holds ${valueWords(value)}: at ${side} ${plural(bound, 'character')} belong there`;
  if (origin === 'array' || origin === 'set')
    return `holds ${plural(Array.isArray(value) ? value.length : 0, 'item')}: at ${side} ${plural(bound, 'item')} belong there`;
  // "at least 1", "at most 9", or "above 0" and "below 10" for a bound it must not reach.
  const range = inclusive ? `at ${side} ${limit}` : `${side === 'least' ? 'above' : 'below'} ${limit}`;
  return `holds ${valueWords(value)}: it must be ${range}`;
}

/** What each branch of a union takes, when every branch refused the value itself by its type or value. */
function unionForms(branches: readonly (readonly Issue[])[]): string[] | null {
  const forms: string[] = [];
  for (const branch of branches) {
    const first = branch[0];
    if (!first || first.path.length > 0) return null;
    if (first.code === 'invalid_type') forms.push(expectedWords(first.expected));
    else if (first.code === 'invalid_value')
      forms.push(...first.values.map((option) => JSON.stringify(option)));
    else return null;
  }
  return forms.length > 0 ? [...new Set(forms)] : null;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function oneOf(options: string[]): string {
  if (options.length === 1) return options[0]!;
  const listed = `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
  // "one of" for values to choose from; kinds of value ("a whole number or text") read without it.
  return options.every((option) => option.startsWith('"') || /^[\d-]/.test(option))
    ? `one of ${listed}`
    : listed;
}

function expectedWords(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a group of fields';
    case 'null':
      return 'null';
    default:
      return `a value of type ${expected}`;
  }
}

/** The value as a person reads it: its kind, and a short form of it. */
function valueWords(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${plural(value.length, 'item')}`;
  if (typeof value === 'object') return 'a group of fields';
  const shown = JSON.stringify(value);
  const short = shown.length > 40 ? `${shown.slice(0, 37)}…` : shown;
  if (typeof value === 'string') return `the text ${short}`;
  if (typeof value === 'number') return `the number ${short}`;
  if (typeof value === 'boolean') return short;
  return short;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
