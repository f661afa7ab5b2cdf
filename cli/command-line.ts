/**
 * The shapes every command's flags share: node's parseArgs, strict, with the connection and --rate
 * flags added, the one FILE a command works on, and --header-row. Mistakes (an unknown flag, a value
 * left out or starting with '-', a flag given twice) become one UsageError line naming the command
 * (exit 2).
 */
import { parseArgs } from 'node:util';
import { CONNECTION_OPTIONS } from './connection.ts';
import { UsageError } from './usage-error.ts';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/**
 * `multiple`: the flag is meant to be given more than once (every value kept); any other flag given
 * twice is refused. `dashValue`: the flag's values may start with '-' (a relative date, `-7d`), so
 * `--updated-from -7d` reads as the flag and its value. `secret`: messages never show its value.
 */
export type OptionTypes = Record<
  string,
  { type: 'string' | 'boolean'; multiple?: boolean; dashValue?: boolean; secret?: boolean }
>;

/** Every command that talks to the account takes these besides its own. */
const ACCOUNT_OPTIONS = { ...CONNECTION_OPTIONS, rate: { type: 'string' } } as const;

export function parseCommandLine(
  command: string,
  argv: string[],
  options: OptionTypes,
  allowPositionals: boolean,
): { values: FlagValues; positionals: string[] } {
  return parseFlags(command, argv, { ...options, ...ACCOUNT_OPTIONS }, allowPositionals);
}

/**
 * Node's parseArgs, strict, for every command (with or without the connection flags), and the rules
 * it leaves to us: a value starting with '-', a flag given twice. Every mistake is one UsageError line
 * naming the command.
 */
export function parseFlags(
  command: string,
  argv: string[],
  options: OptionTypes,
  allowPositionals: boolean,
): { values: FlagValues; positionals: string[] } {
  const known: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, { type, multiple }] of Object.entries(options))
    known[name] = multiple ? { type, multiple } : { type };
  refuseEmptySecrets(command, argv, options);
  const args = joinDashValues(command, argv, options);
  let parsed;
  try {
    parsed = parseArgs({ args, options: known, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    const mistake = error as Error & { code?: string };
    throw new UsageError(
      `${command}: ${usageMistake(command, mistake, Object.keys(known), wordsAfterSecrets(argv, options))}`,
    );
  }
  refuseRepeats(command, parsed.tokens, options);
  return { values: parsed.values as FlagValues, positionals: parsed.positionals };
}

/**
 * Explore 10 item 4: parseArgs reads `--updated-from -7d` as a flag with no value followed by another
 * flag, and said "takes no value", of the relative dates CONTRACTS section 1 documents. A date flag's
 * next argument that starts with '-' and a digit is its value; for any other flag a value starting with
 * '-' is refused in words that say so and how to give it.
 */
function joinDashValues(command: string, argv: string[], options: OptionTypes): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    args.push(arg);
    if (arg === '--') {
      args.push(...argv.slice(index + 1));
      break;
    }
    const option = arg.startsWith('--') && !arg.includes('=') ? options[arg.slice(2)] : undefined;
    const next = argv[index + 1];
    if (option?.type !== 'string' || next === undefined || next === '--' || !/^-./.test(next)) continue;
    if (option.dashValue && /^-\d/.test(next)) {
      args[args.length - 1] = `${arg}=${next}`;
      index++;
      continue;
    }
    // The next word is one of this command's flags: the value was left out (parseArgs says so below).
    if (/^--[^=]/.test(next) && options[next.slice(2).split('=')[0]!]) continue;
    if (option.secret)
      throw new UsageError(
        `${command}: the value of ${arg} starts with '-', which reads as a flag; write ${arg}=VALUE (or use the environment variable)`,
      );
    throw new UsageError(
      `${command}: the value '${next}' of ${arg} starts with '-', which reads as a flag; ` +
        `write ${arg}=${next}${/^-[^-]/.test(next) ? ` (or ${arg} ./${next} for a file)` : ''}`,
    );
  }
  return args;
}

/**
 * Explore 51: `--token= TOKEN` (a space after the "=", or a script's `--token= $TOKEN`) gave --token an
 * empty value and made the token a stray word, which the usage error quoted whole. A secret flag given
 * empty is refused first, in words that say so; the word after it is never shown.
 */
function refuseEmptySecrets(command: string, argv: string[], options: OptionTypes): void {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') return;
    const [, name, equals] = /^--([^=]+)(=?)$/.exec(arg) ?? [];
    if (name === undefined || !options[name]?.secret || options[name].type !== 'string') continue;
    // `--token=` (empty after the "="), or `--token ''` (an empty word as its value).
    const empty = equals === '=' || argv[index + 1] === '';
    if (!empty) continue;
    const variable = name === 'token' ? 'TRACKOPS_TOKEN' : name === 'url' ? 'TRACKOPS_URL' : null;
    const orVariable = variable ? `, or set ${variable}` : '';
    if (equals !== '=')
      throw new UsageError(
        `${command}: --${name} is given an empty value (a script's variable left unset?): give --${name} VALUE${orVariable}`,
      );
    const next = argv[index + 1];
    throw new UsageError(
      next !== undefined && !next.startsWith('-')
        ? `${command}: --${name}= is given empty (a space after the "="?); the word after it is not shown, in case it is the ${name === 'token' ? 'token' : 'secret'}: write --${name}=VALUE with no space${orVariable}`
        : `${command}: --${name}= is given empty: write --${name}=VALUE${orVariable}`,
    );
  }
}

/**
 * The words that follow a secret flag (after its value, or after `--token=`): a stray word there may be
 * the secret or a piece of it (a token with a space, unquoted), so a message names it, never quotes it.
 */
function wordsAfterSecrets(argv: string[], options: OptionTypes): Map<string, string> {
  const words = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') break;
    const [, name, value] = /^--([^=]+)(=.*)?$/.exec(arg) ?? [];
    if (name === undefined || !options[name]?.secret) continue;
    const after = argv[index + (value === undefined ? 2 : 1)];
    if (after !== undefined && !after.startsWith('-')) words.set(after, `--${name}`);
  }
  return words;
}

/**
 * Explore 10 item 5: `--id 1 --id 2` exported only request 2 and `--out a.csv --out b.csv` wrote only
 * b.csv, silently (parseArgs keeps the last). A flag that takes one value, given twice, is refused with
 * both values; a yes/no flag given twice says the same thing twice and is let be.
 */
function refuseRepeats(
  command: string,
  tokens: ReadonlyArray<{ kind: string; name?: string; value?: string | undefined }>,
  options: OptionTypes,
): void {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    const option = options[token.name];
    if (!option || option.type !== 'string' || option.multiple) continue;
    const value = token.value ?? '';
    const first = seen.get(token.name);
    if (first === undefined) {
      seen.set(token.name, value);
      continue;
    }
    const both = option.secret ? 'two values, not shown here' : `'${first}' and '${value}'`;
    throw new UsageError(
      `${command}: --${token.name} is given twice (${both}) and takes one value; give it once`,
    );
  }
}

/**
 * Node's parseArgs wording ("Unknown option '--resum'. To specify a positional argument starting with a
 * '-', place it at the end of the command after '--' …") in ours: what was wrong, the option meant.
 */
function usageMistake(
  command: string,
  error: Error & { code?: string },
  options: string[],
  afterSecrets: Map<string, string>,
): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const help = `run 'trackops-bulk ${command} --help' for its options`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const meant = closestOption(quoted.replace(/^-+/, '').split('=')[0] ?? '', options);
      return `unknown option ${quoted}${meant ? `; did you mean --${meant}?` : `; ${help}`}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted.split(' ')[0] ?? quoted;
      // "argument missing" (at the end) and "argument is ambiguous" (another flag came next, see
      // joinDashValues): the value was left out. Otherwise a yes/no flag was given "=value".
      return / <value>|ambiguous/.test(error.message)
        ? `${option} needs a value, e.g. ${option} VALUE`
        : `${option} takes no value; give it alone`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const secret = afterSecrets.get(quoted);
      return secret
        ? `unexpected word after ${secret} (not shown, in case it is part of the secret: a value holding a space goes in quotes); ${help}`
        : `unexpected '${quoted}': this command takes no file or word there; ${help}`;
    }
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
  if (extra.length) {
    const afterSecrets = wordsAfterSecrets(argv, { ...options, ...ACCOUNT_OPTIONS });
    // `--token tok part2 file.csv`: a token with a space, unquoted, takes its second part for the file
    // and calls the real file the stray word. Said as what it likely is, the word never shown.
    const secretFlag = afterSecrets.get(file);
    if (secretFlag)
      throw new UsageError(
        `${command}: unexpected word after ${secretFlag} (not shown, in case it is part of the secret: a value holding a space goes in quotes), taken for the file before '${extra.join("' '")}'; give one file`,
      );
    const shown = extra.map((word) =>
      afterSecrets.has(word) ? `(a word after ${afterSecrets.get(word)}, not shown)` : `'${word}'`,
    );
    throw new UsageError(`${command}: one file at a time; unexpected ${shown.join(' ')}`);
  }
  return { file, values };
}

/** --header-row: a row number a person sees, from 1. */
export function headerRowFlag(command: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${command}: --header-row '${text}' must be a row number from 1 up`);
  return Number(text);
}
