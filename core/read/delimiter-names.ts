/**
 * The words for a delimiter, as the CLI's `map` and the app's sheet step both say how a text file was
 * read ("Read as semicolon-separated text"): a wrong delimiter shows only as odd columns, so the
 * person is told which one was used, in one wording wherever they look.
 */
const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma-separated',
  ';': 'semicolon-separated',
  '\t': 'tab-separated',
  '|': 'pipe-separated',
  ':': 'colon-separated',
};

/** "comma-separated", …; any other character quoted: `"~"-separated`. */
export function delimiterName(delimiter: string): string {
  return DELIMITER_NAMES[delimiter] ?? `"${delimiter}"-separated`;
}
