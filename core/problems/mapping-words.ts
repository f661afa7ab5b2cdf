/**
 * The words a row's problem names where the template (the mapping) or the account's settings fix it:
 * the mapping file's keys ("values", "target") and the command line's check and --reference-path, or the
 * app's Columns step and Connection screen. The app once swapped the mapping file's words for its own
 * with regular expressions over core's sentences (main/bridge/failure.ts), and every reworded sentence
 * fell through to the app's screens in the mapping file's words. The host passes its words in with the
 * options of the check (ValidateOptions.mappingWords), as it passes its WaysOut (ways-out.ts) and its
 * ConnectionWords (api/connection-words.ts).
 *
 * The default is the mapping file's words and the command line's (MAPPING_FILE_WORDS): the mapping file
 * is core's own format (CONTRACTS section 2), which the CLI, its reports and a template saved by the app
 * all share; only the app's screens say it otherwise.
 */
import type { ConnectionWords } from '../api/connection-words.ts';

export interface MappingWords extends Pick<
  ConnectionWords,
  'runCheck' | 'checkName' | 'giveReferencePath' | 'referencePathSetting'
> {
  /**
   * A cell that means one of the names (or choices) listed, after "; if it means one of them, ":
   * "{translateValue(value, noun)} and every cell holding it is read as that name".
   */
  translateValue(value: string, noun: 'name' | 'choice'): string;
  /**
   * A name several of the account's match alike, told apart by id (`ids`, the first the example):
   * "{chooseById(value, ids)} and every cell holding it is read as that one".
   */
  chooseById(value: string, ids: string[]): string;
  /** A name whose item is retired, after "put the one in use in the cell": ", or translate it…", or '' where the host has no other way. */
  translateRetired(): string;
  /**
   * A value that reads as a placeholder kept as written, as the verb: "if 'N/A' is the real value,
   * {keepAsWritten(value)}". Null where the host has no way to say so (the sentence is left out).
   */
  keepAsWritten(value: string): string | null;
  /** What a yes/no/N/A cell means said once for the column, inside brackets after "or ". Null where the host has none. */
  sayMeaning(value: string): string | null;
  /** A field of the account chosen for the column: "choose it for the column{fieldTarget(target)}". */
  fieldTarget(target: string): string;
  /**
   * A template for the rows of one case type whose column goes to that type's own field, after
   * "import the rows of case type X with a template of ": "their own whose column …".
   */
  columnToField(label: string, target: string): string;
  /** How the account is connected to, inside brackets: "…need the account ({connect})". */
  connect(): string;
  /**
   * A proposal's look-alikes (`texts`, the first the example) told apart by id: "validation refuses
   * those rows until you {proposalChooseById(texts, ids)}, which reads every cell holding it as that one".
   */
  proposalChooseById(texts: string[], ids: string[]): string;
  /**
   * A row an earlier import sent whose lists cannot be read now, after "nothing to fix here": how the
   * check is given the import's own settings for where the account serves its lists, inside brackets
   * with its leading space. The CLI's flags (a check run without the import's --reference-path reads the
   * default addresses); the app's Connection screen.
   */
  importSettingsAgain(): string;
  /** A proposal's values none of the account's names: "…; {proposalTranslate(them, names)}" (`them`: "it" or "them"). */
  proposalTranslate(them: string, names: string): string;
  /** Values a proposal matched by spelling alone, inside brackets after the pairs: what sends them, and how a wrong one is undone. */
  guessedSent(one: boolean): string;
  /** A round-trip export saved as CSV, as the start of a sentence: "{roundTripCsv()}: each column is mapped…". */
  roundTripCsv(): string;
  /** The way to a round trip that sends only the edited cells, after "To send only the cells edited, ". */
  roundTripXlsxWay(): string;
  /**
   * A subject group's type given anew, after "if that is the type, " (`type` named with its id, e.g.
   * "Vehicle (id 9)", `id` alone), or after "; " with no type ("give one of them…").
   */
  giveSubjectType(group: number, type: { name: string; id: number } | null): string;
}

/** The mapping file's words (CONTRACTS section 2) and the command line's: what the CLI and its reports say. */
export const MAPPING_FILE_WORDS: MappingWords = {
  giveSubjectType: (_group, type) =>
    type
      ? `give its id (in a mapping file: "subject_type_id": ${type.id} in that group of "subjects")`
      : 'give one of them, by name or id (in a mapping file: "subject_type_id" in that group of "subjects")',
  runCheck: () => 'run trackops-bulk check',
  checkName: () => 'trackops-bulk check',
  giveReferencePath: (kind) => `give --reference-path ${kind}=PATH`,
  referencePathSetting: (kind) => `--reference-path ${kind}=PATH`,
  translateValue: (value) =>
    `add it to the column's "values" in the mapping ("values": { ${JSON.stringify(value)}: "…" })`,
  chooseById: (value, ids) => {
    const [first = '…', ...others] = ids;
    const orOthers = others.length ? `, or ${others.join(' or ')}` : '';
    return `say which by its id in the column's "values" in the mapping ("values": { ${JSON.stringify(value)}: "${first}" }${orOthers})`;
  },
  translateRetired: () => ', or translate the name in the column\'s "values"',
  keepAsWritten: (value) =>
    `give it in the column's "values" (${JSON.stringify(value)}: ${JSON.stringify(value)})`,
  sayMeaning: (value) =>
    `say what '${value}' means in the column's "values", e.g. ${JSON.stringify(value)}: "N/A" or ${JSON.stringify(value)}: "no"`,
  fieldTarget: (target) => ` (in a mapping file: "target": "${target}")`,
  columnToField: (label, target) =>
    `their own whose column ${label} goes to that field (in a mapping file: "target": "${target}")`,
  connect: () => 'connect with --sandbox or --url/--user/--token',
  importSettingsAgain: () =>
    ' (if the import was given --reference-path or --profile, give them to this command too)',
  proposalChooseById: (texts, ids) => {
    const [first, ...others] = ids;
    const orOthers = others.length ? `, or ${others.join(' or ')}` : '';
    return `say which by its id in the column's "values" ("values": { ${JSON.stringify(texts[0])}: "${first}" }${orOthers})`;
  },
  proposalTranslate: (them, names) => `add a "values" map translating ${them} to: ${names}`,
  guessedSent: (one) =>
    `the mapping's "values" sends ${one ? 'it so; change or remove it if it is wrong' : 'them so; change or remove any that is wrong'}`,
  roundTripCsv: () => 'A round-trip CSV (trackops-bulk export --columns round-trip)',
  roundTripXlsxWay: () =>
    'export to .xlsx with the round-trip columns and import that file with the command-line tool, without a mapping (trackops-bulk import FILE)',
};

/**
 * The mapping file's words with the connection's own for its check and lists' addresses: for a problem
 * made where the connection is known but not the host's mapping words (a send's update answered 404).
 */
export function withConnectionWords(words: ConnectionWords | undefined): MappingWords {
  if (!words) return MAPPING_FILE_WORDS;
  return {
    ...MAPPING_FILE_WORDS,
    runCheck: () => words.runCheck(),
    checkName: () => words.checkName(),
    giveReferencePath: (kind) => words.giveReferencePath(kind),
    referencePathSetting: (kind) => words.referencePathSetting(kind),
  };
}
