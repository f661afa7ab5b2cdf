/**
 * Header and value comparison, for the mapping's suggestion (core/suggest) and for the closest header a
 * mapping's missing column names (check-headers.ts): words normalised the way clerks vary them (case, accents,
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

const normalised = new Map<string, string>();
/** Labels and headers repeat from call to call; a bound keeps a long session's memory flat. */
const NORMALISED_KEPT = 20_000;

/**
 * Lower case, accents and punctuation removed, abbreviations expanded; words joined by one space.
 * Kept once worked out: a suggestion normalises every label of every target again (issue 13: 7 ms of
 * a 40-column suggestion with an account's labels).
 */
export function normaliseLabel(text: string): string {
  let found = normalised.get(text);
  if (found === undefined) {
    found = normaliseAnew(text);
    if (normalised.size >= NORMALISED_KEPT) normalised.clear();
    normalised.set(text, found);
  }
  return found;
}

function normaliseAnew(text: string): string {
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

/**
 * Dice coefficient of the character bigrams of two normalised labels (1 = equal, 0 = nothing shared).
 * Each label's bigrams are kept as a sorted list of numbers (two UTF-16 code units each) and the shared
 * ones counted by merging two lists: the same multiset count as a map of bigram strings, without making
 * a map and a string per bigram for each of the thousands of header × label pairs a suggestion scores
 * (issue 13: 90 ms of a 40-column suggestion was here).
 */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigramsOf(a);
  const y = bigramsOf(b);
  if (x.length < 1 || y.length < 1) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    if (x[i]! === y[j]!) {
      shared++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return (2 * shared) / (x.length + y.length);
}

/**
 * The highest Dice coefficient two labels of these bigram counts can have (all of the shorter's bigrams
 * shared): a pair whose ceiling is too low need not be compared.
 */
export function diceCeiling(a: string, b: string): number {
  const x = bigramsOf(a).length;
  const y = bigramsOf(b).length;
  return (2 * Math.min(x, y)) / (x + y);
}

const bigrams = new Map<string, Uint32Array>();
/** Labels and headers repeat from call to call; a bound keeps a long session's memory flat. */
const BIGRAMS_KEPT = 20_000;

function bigramsOf(text: string): Uint32Array {
  let found = bigrams.get(text);
  if (found) return found;
  const x = text.replace(/ /g, '');
  found = new Uint32Array(Math.max(0, x.length - 1));
  for (let i = 0; i < x.length - 1; i++) found[i] = x.charCodeAt(i) * 0x10000 + x.charCodeAt(i + 1);
  found.sort();
  if (bigrams.size >= BIGRAMS_KEPT) bigrams.clear();
  bigrams.set(text, found);
  return found;
}

/** How a value cell compares with a reference name: as lookups resolve them (text-key.ts). */
export { caselessKey as valueKey } from './text-key.ts';

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
