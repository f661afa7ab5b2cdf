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
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, ...ACCOUNT_OPTIONS },
      strict: true,
      allowPositionals,
    });
    return { values: values as FlagValues, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
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
