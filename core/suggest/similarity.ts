/**
 * Header and value comparison for suggestions: words normalised the way clerks vary them (case, accents,
 * punctuation, "#"/"No." for number, "DOB"), then compared by Dice similarity of character bigrams.
 */

/**
 * Abbreviations that stand for whole words in column headers, including the legacy systems' ones
 * (ADJ_EMAIL, CLMT_NAME, RECV_DT, DUE_DT: issue 16).
 */
const WORD_EXPANSIONS: Record<string, string> = {
  adj: 'adjuster',
  adjr: 'adjuster',
  clmt: 'claimant',
  clmnt: 'claimant',
  clm: 'claim',
  recv: 'received',
  rcvd: 'received',
  recd: 'received',
  rcv: 'received',
  amt: 'amount',
  pol: 'policy',
  ref: 'reference',
  loc: 'location',
  desc: 'description',
  instr: 'instructions',
  veh: 'vehicle',
  emp: 'employer',
  ctry: 'country',
  cntry: 'country',
  mob: 'mobile',
  eml: 'email',
  dol: 'date of loss',
  '#': 'number',
  no: 'number',
  num: 'number',
  nbr: 'number',
  nr: 'number',
  dob: 'date of birth',
  dt: 'date',
  addr: 'address',
  tel: 'phone',
  ph: 'phone',
  mail: 'email',
  yr: 'year',
  fname: 'first name',
  lname: 'last name',
  svc: 'services',
  svcs: 'services',
  zipcode: 'zip',
  postcode: 'zip',
};

/** Lower case, accents and punctuation removed, abbreviations expanded; words joined by one space. */
export function normaliseLabel(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/e-mail/g, 'email')
    .replace(/#/g, ' # ')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
  if (plain === '') return '';
  return plain
    .split(' ')
    .map((word) => WORD_EXPANSIONS[word] ?? word)
    .join(' ');
}

/**
 * Whether a header may be a misspelling of a label, word by word: the same number of words, each a
 * close spelling of the other's ("carrier addres" / "carrier address"), or the same letters with the
 * spaces elsewhere. A header that lacks a word of the label, or has another word in its place, is a
 * different thing: "adjuster" is not "adjuster mi", "adjuster zip" is not "adjuster fax" (issue 16).
 */
export function wordsAlign(header: string, label: string): boolean {
  const a = header.split(' ');
  const b = label.split(' ');
  if (a.length !== b.length) return editSimilarity(a.join(''), b.join('')) >= 0.9;
  return a.every((word, index) => {
    const other = b[index]!;
    if (word === other) return true;
    // Short words are codes ("mi", "st", "zip"): one letter off is another word.
    if (word.length <= 3 || other.length <= 3) return false;
    return editSimilarity(word, other) >= 0.7;
  });
}

/** Dice coefficient of the character bigrams of two normalised labels (1 = equal, 0 = nothing shared). */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  if (x.length < 2 || y.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const gram = x.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const gram = y.slice(i, i + 2);
    const left = counts.get(gram) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(gram, left - 1);
    }
  }
  return (2 * shared) / (x.length - 1 + (y.length - 1));
}

/** How a value cell compares with a reference name: trimmed, case-insensitive (as lookups resolve them). */
export function valueKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * 1 − (optimal string alignment distance ÷ the longer length): catches the swapped and dropped letters of
 * short words ("Sliver", "Femal") that bigrams score low.
 */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return 1 - previous[b.length]! / longest;
}
