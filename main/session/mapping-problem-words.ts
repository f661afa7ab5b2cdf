/**
 * A mapping the wizard sends that core's parser refuses, said in the clerk's words (explore 30 item 3):
 * "columns[5].target: subjects.0.custom_fields.102 is already mapped by columns[4]" named nothing on
 * screen. Each `columns[N]` becomes the column's header and each target path the picker's label
 * ("Subject 1: Claimant › Date of Birth"); a field two columns share is said as such. The CLI keeps the
 * JSON paths: there the mapping is a file the person edits.
 */
import { MappingError, type AccountReference, type MappingProblem } from '../../core/index.ts';
import type { TargetHelp } from '../bridge/contract.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { targetCatalog } from './target-help.ts';

interface RawMapping {
  columns?: { column?: unknown }[];
  subjects?: { subject_type_id?: unknown }[];
}

/** The refusal as a BridgeFailure in the clerk's words; any other error as it is. */
export function inClerkWords(error: unknown, raw: unknown, reference: AccountReference | null): unknown {
  if (!(error instanceof MappingError)) return error;
  const mapping = (raw && typeof raw === 'object' ? raw : {}) as RawMapping;
  const words = wordsFor(mapping, reference);
  const lines = error.problems.map((problem) => problemWords(problem, words));
  const head =
    lines.length === 1
      ? 'The columns cannot be checked yet: '
      : `The columns cannot be checked yet (${lines.length} problems): `;
  return new BridgeFailure(
    'input',
    `${head}${lines.join('; ')}. Change it on the Columns step and check again.`,
    { cause: error },
  );
}

interface Words {
  header: (index: number) => string;
  label: (target: string) => string;
}

function wordsFor(mapping: RawMapping, reference: AccountReference | null): Words {
  const { targets, subjectTypes } = targetCatalog(reference);
  const labels = new Map<string, string>();
  const add = (help: TargetHelp, target: string, group: string) =>
    labels.set(target, `${group} › ${help.label}`);
  for (const help of targets) add(help, help.target, help.group);
  (mapping.subjects ?? []).forEach((group, index) => {
    const type = subjectTypes.find(
      (candidate) =>
        candidate.id === group.subject_type_id ||
        (typeof group.subject_type_id === 'string' &&
          candidate.name.toLowerCase() === group.subject_type_id.trim().toLowerCase()),
    );
    for (const help of type?.fields ?? [])
      add(help, `subjects.${index}.${help.target}`, `Subject ${index + 1}: ${type!.name}`);
  });
  return {
    header: (index) => {
      const name = mapping.columns?.[index]?.column;
      return typeof name === 'string' ? `“${name}”` : `column ${index + 1} of the mapping`;
    },
    label: (target) => labels.get(target) ?? target,
  };
}

/** A target path as it appears inside core's messages. */
const TARGET_PATH =
  /\b(?:subjects\.\d+\.)?custom_fields\.\d+(?:\.[a-z_0-9]+)?\b|\b(?:client|contact)\.[a-z_0-9]+\b/g;

function problemWords(problem: MappingProblem, words: Words): string {
  const at = /^columns\[(\d+)\](?:\.(\w+))?/.exec(problem.path);
  const shared = /^(\S+) is already mapped by columns\[(\d+)\]/.exec(problem.message);
  if (at && shared)
    return `${words.header(Number(at[1]))} and ${words.header(Number(shared[2]))} both go to ${words.label(shared[1]!)}: a field takes one column, so choose another field for one of them`;
  const message = problem.message
    .replace(/columns\[(\d+)\](?: \('[^']*'\))?/g, (_, index: string) => words.header(Number(index)))
    .replace(TARGET_PATH, (target) => words.label(target));
  if (!at) return message;
  return `${words.header(Number(at[1]))}: ${message}`;
}

/**
 * The columns a mapping reads that the file lacks, as the Columns step shows them (AbsentColumns.tsx):
 * each with its field or rule, and the closest header. core's refusal names JSON paths and says to
 * rename them "in the mapping", which a clerk in the app has no file for.
 */
export function absentColumnsInClerkWords(
  raw: unknown,
  reference: AccountReference | null,
  fileName: string,
  absent: readonly { column: string; target: string | null; closest: string | null }[],
): BridgeFailure {
  const mapping = (raw && typeof raw === 'object' ? raw : {}) as RawMapping;
  const words = wordsFor(mapping, reference);
  const one = absent.length === 1;
  const listed = absent
    .map(({ column, target, closest }) => {
      const what = target === null ? 'a rule for rows that are not data' : `→ ${words.label(target)}`;
      return `“${column}” (${what}${closest ? `; the closest column is “${closest}”` : ''})`;
    })
    .join(', ');
  const rules = absent.some((entry) => entry.target === null)
    ? ' (a rule: under “Rows that are not data”)'
    : '';
  return new BridgeFailure(
    'input',
    `The columns cannot be checked yet: the template reads ${listed}, which ${fileName} does not have. ` +
      `Read ${one ? 'it' : 'each'} from another column or take ${one ? 'it' : 'them'} out (listed above the Columns step’s table${rules}), then check again.`,
  );
}
