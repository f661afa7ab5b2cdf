/**
 * A reference item named so that two look-alikes can be told apart (explore 54 item 7): "Surveillance"
 * and "Surveillance " (a trailing space) printed the same, and the clerk was told they "match several"
 * without seeing why. The name is quoted as stored, what the eye cannot see is said, and the id is given:
 * the id is what a mapping's "values" or a command's flag can take to choose one. `also` adds what else
 * tells it apart ("marked inactive: …").
 */
export function itemName(name: string, id: number | string, also?: string): string {
  const unseen = unseenIn(name);
  if (also !== undefined) unseen.push(also);
  return `'${name}' (id ${id}${unseen.length ? `, ${unseen.join(', ')}` : ''})`;
}

/**
 * A SELECT/RADIO choice named the same way: a choice has no id (Trackops takes it as written), so it is
 * told apart by its quoted text and what the eye cannot see in it.
 */
export function choiceName(choice: string): string {
  const unseen = unseenIn(choice);
  return `'${choice}'${unseen.length ? ` (${unseen.join(', ')})` : ''}`;
}

/** What a name holds that prints as nothing or as something else, in a clerk's words. */
function unseenIn(name: string): string[] {
  const unseen: string[] = [];
  if (/^\s/.test(name)) unseen.push('a space at its start');
  if (/\s$/.test(name)) unseen.push('a space at its end');
  if (/[^\S ]/.test(name.trim())) unseen.push('a special space inside');
  else if (/ {2}/.test(name.trim())) unseen.push('two spaces inside');
  if (name.normalize('NFC') !== name) unseen.push('an accent stored as a separate mark');
  return unseen;
}
