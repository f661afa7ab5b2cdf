/**
 * The shapes every command's flags share: node's parseArgs, strict, with the connection and --rate
 * flags added, the one FILE a command works on, and --header-row. Mistakes become one UsageError line
 * naming the command (exit 2).
 */
import { parseArgs } from 'node:util';
import { CONNECTION_OPTIONS } from './connection.ts';
import { UsageError } from './usage-error.ts';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

type OptionTypes = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/** Every command that talks to the account takes these besides its own. */
const ACCOUNT_OPTIONS = { ...CONNECTION_OPTIONS, rate: { type: 'string' } } as const;

export function parseCommandLine(
  command: string,
  argv: string[],
  options: OptionTypes,
  allowPositionals: boolean,
): { values: FlagValues; positionals: string[] } {
  const known = { ...options, ...ACCOUNT_OPTIONS };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: known, strict: true, allowPositionals });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(
      `${command}: ${usageMistake(command, error as Error & { code?: string }, Object.keys(known))}`,
    );
  }
}

/**
 * Node's parseArgs wording ("Unknown option '--resum'. To specify a positional argument starting with a
 * '-', place it at the end of the command after '--' …") in ours: what was wrong, the option meant.
 */
function usageMistake(command: string, error: Error & { code?: string }, options: string[]): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const help = `run 'trackops-bulk ${command} --help' for its options`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const meant = closestOption(quoted.replace(/^-+/, '').split('=')[0] ?? '', options);
      return `unknown option ${quoted}${meant ? `; did you mean --${meant}?` : `; ${help}`}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.split(' ')[0] ?? quoted;
      return / <value>/.test(quoted)
        ? `${option} needs a value, e.g. ${option} VALUE`
        : `${option} takes no value; give it alone`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected '${quoted}': this command takes no file or word there; ${help}`;
    default:
      return error.message;
  }
}

/** The option a mistyped one most likely meant: a prefix of it, or one or two letters away. */
function closestOption(typed: string, options: string[]): string | null {
  if (typed === '') return null;
  const prefixed = options.filter((option) => option.startsWith(typed) || typed.startsWith(option));
  if (prefixed.length === 1) return prefixed[0]!;
  let best: { option: string; distance: number } | null = null;
  for (const option of options) {
    const distance = editDistance(typed, option);
    if (distance <= Math.min(2, Math.floor(option.length / 3)) && (!best || distance < best.distance))
      best = { option, distance };
  }
  return best?.option ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current.push(
        Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The command line of a command working on one FILE. `verb` and `example` complete the hint for a
 * missing file: "give the file to <verb>, e.g. trackops-bulk <command> referrals.xlsx <example>".
 */
export function parseFileCommandLine(
  command: string,
  argv: string[],
  options: OptionTypes,
  verb: string,
  example: string,
): { file: string; values: FlagValues } {
  const { values, positionals } = parseCommandLine(command, argv, options, true);
  const [file, ...extra] = positionals;
  if (!file)
    throw new UsageError(
      `${command}: give the file to ${verb}, e.g. trackops-bulk ${command} referrals.xlsx ${example}`,
    );
  if (extra.length) throw new UsageError(`${command}: one file at a time; unexpected '${extra.join(' ')}'`);
  return { file, values };
}

/** --header-row: a row number a person sees, from 1. */
export function headerRowFlag(command: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${command}: --header-row '${text}' must be a row number from 1 up`);
  return Number(text);
}
