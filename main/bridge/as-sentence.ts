/**
 * Words from core that are a fragment of a sentence (a row's note as the CLI prints it after "row 4: ",
 * "created by the import, …: close or delete REQ-00002 in Trackops") made to read as a sentence on a
 * screen where they stand alone: the first letter capitalised, and a full stop unless they end with one.
 */
export function asSentence(words: string): string {
  const text = words.trim();
  if (text === '') return text;
  const started = `${text[0]!.toUpperCase()}${text.slice(1)}`;
  return /[.!?…]$/.test(started) ? started : `${started}.`;
}
