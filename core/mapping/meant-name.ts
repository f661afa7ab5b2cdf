/**
 * What a template edited by hand meant by a key or target the tool does not know: "dateformat",
 * "date_format" (dateFormat), "refrence_value_1", "custom_field.7". A refusal that only says "unknown"
 * leaves a person comparing their spelling with the docs letter by letter; one that names the spelling
 * meant (or, when nothing is close, what the place takes) says what to do.
 */
import { editSimilarity } from './similarity.ts';
import {
  ADDRESS_PARTS,
  CLIENT_PARTS,
  CONTACT_FULL_NAME,
  CONTACT_PARTS,
  NAME_PARTS,
  PARAM_NAMES,
  TARGET_PATTERN,
} from './targets.ts';

const TARGET = new RegExp(TARGET_PATTERN);

/** Letter case, underscores, hyphens and spaces set aside: "date_format" is "dateFormat". */
const looseKey = (word: string) => word.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The one name `word` is a slip of: the same once case and separators are set aside, else one or two
 * letters off (≥ 70 % alike), else the only name it starts with ("zipcode": zip). Null when none is, or
 * when two are alike (a guess between two is no help).
 */
export function meantName(word: string, names: readonly string[]): string | null {
  const only = (found: readonly string[]) => (found.length === 1 ? found[0]! : null);
  const same = names.filter((name) => looseKey(name) === looseKey(word));
  if (same.length > 0) return only(same);
  const scored = names.map((name) => ({ name, score: editSimilarity(looseKey(word), looseKey(name)) }));
  const best = Math.max(...scored.map((one) => one.score));
  if (best >= 0.7) return only(scored.filter((one) => one.score === best).map((one) => one.name));
  return only(
    names.filter((name) => looseKey(name).length >= 3 && looseKey(word).startsWith(looseKey(name))),
  );
}

/**
 * `unknown key "dateformat": write "dateFormat"`, or what `place` takes when no key is close (`listed`:
 * said already for another key of the same place, so pointed back to).
 */
export function unknownKeyWords(
  key: string,
  allowed: readonly string[],
  place: string,
  listed = false,
): string {
  const meant = meantName(key, allowed);
  if (meant !== null) return `unknown key ${JSON.stringify(key)}: write ${JSON.stringify(meant)}`;
  if (listed)
    return `unknown key ${JSON.stringify(key)}: rename it to one of the keys listed above, or delete it`;
  return `unknown key ${JSON.stringify(key)}: ${place} takes ${allowed.join(', ')}; rename it to one of these, or delete it`;
}

/** `unknown target 'custom_field.7': write 'custom_fields.7'`, or what a target is when none is close. */
export function unknownTargetWords(path: string): string {
  const meant = meantTarget(path);
  if (meant !== null) return `unknown target '${path}': write '${meant}'`;
  return (
    `unknown target '${path}': a target is an API parameter (created_on, reference_value_1, notes, …), ` +
    'client.<part>, contact.<part>, custom_fields.<field id>[.<part>] or ' +
    'subjects.<n>.custom_fields.<field id>[.<part>] (mapping.schema.json lists them)'
  );
}

const PARTS = [...new Set<string>([...NAME_PARTS, ...ADDRESS_PARTS])];
const CONTACT_TARGET_PARTS = [...CONTACT_PARTS, CONTACT_FULL_NAME];

/** The target `path` is a slip of, segment by segment, or null. */
function meantTarget(path: string): string | null {
  const segments = path
    .trim()
    .split('.')
    .map((segment) => segment.trim().replace(/[\s-]+/g, '_'));
  const named = (word: string | undefined, names: readonly string[]) =>
    word === undefined ? null : meantName(word, names);
  let fixed: (string | null)[];
  const head = segments[0]!.toLowerCase();
  if (segments.length === 1) fixed = [named(segments[0], [...PARAM_NAMES, 'id', 'case_request_number'])];
  else if (head === 'client' && segments.length === 2) fixed = ['client', named(segments[1], CLIENT_PARTS)];
  else if (head === 'contact' && segments.length === 2)
    fixed = ['contact', named(segments[1], CONTACT_TARGET_PARTS)];
  else {
    // custom_fields.<id>[.<part>], after subjects.<n>. when there is one ("subject.0", "custom_field.7").
    const subject = /^subjects?$/i.test(head) ? ['subjects', segments[1] ?? ''] : [];
    const rest = segments.slice(subject.length);
    if (!/^custom_?fields?$/i.test(rest[0] ?? '')) return null;
    const part = rest.length === 3 ? [named(rest[2], PARTS)] : [];
    if (rest.length > 3) return null;
    fixed = [...subject, 'custom_fields', rest[1] ?? '', ...part];
  }
  if (fixed.some((segment) => segment === null)) return null;
  const candidate = fixed.join('.');
  return candidate !== path && TARGET.test(candidate) ? candidate : null;
}
