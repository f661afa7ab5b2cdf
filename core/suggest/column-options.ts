/**
 * The per-column options a matched target needs, read off the column's values: `dateFormat` for text
 * dates, `lookup` and `split` for reference columns, `values` for near-miss choices, `parse` for money
 * with currency signs and for whole NAME/ADDRESS values. What cannot be settled from the values becomes
 * a note for a person.
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type { Cell } from '../read/types.ts';
import { cellText } from '../read/cell-text.ts';
import type { MappingColumn } from '../mapping/schema.ts';
import { PARAMS, type ParamName, type ParamSpec } from '../mapping/targets.ts';
import { PLAIN_DECIMAL } from '../mapping/text-parsers.ts';
import { formatProof, readNumber } from '../mapping/number-format.ts';
import { MAX_LISTED, namesToList } from '../validate/closest-names.ts';
import { choiceName, itemName } from '../problems/item-name.ts';
import { fitValues, type ValueFit } from './fit-values.ts';
import { inferDateFormat, TWO_DIGIT_YEAR_RULE } from './infer-date-format.ts';
import { swappableDateOf } from '../validate/date-cells.ts';
import { dateInWords } from '../mapping/date-format.ts';
import { zonedDay } from '../validate/zoned-date.ts';
import { readMomentColumn } from '../validate/utc-moment-column.ts';
import type { SuggestionNote } from './types.ts';
import { MAPPING_FILE_WORDS, type MappingWords } from '../problems/mapping-words.ts';

/** A column whose values mostly fail is a vocabulary only a person can translate. */
const MOSTLY_FAILING = 0.2;
const LISTED_VALUES = 8;
/** Names offered for each value when the account has too many to list. */
const CLOSEST_OFFERED = 3;

export interface ColumnPlan {
  options: Omit<MappingColumn, 'column' | 'target'>;
  notes: SuggestionNote[];
  /** True when the column must not go into the mapping as it is (its values need a person). */
  needsPerson: boolean;
}

interface TargetInfo {
  target: string;
  field?: FieldDef;
  part?: string | null;
  /**
   * A target every new request needs (case type, region): its column goes into the mapping however many
   * values need translating. Left out, a default constant took its place (every row to the default
   * region: explore 34 item 2) or every row was refused; mapped, the rows that fit are imported and the
   * others are refused, naming the account's names. An optional column whose values are mostly another
   * vocabulary stays out for a person (mapped, it would refuse most rows over a field a request can go
   * without; left out, validate and import name it on every run).
   */
  required?: boolean;
}

/**
 * `sampled`: the sample is only the sheet's first rows (say so where rows are counted: "of the first
 * 2000 rows"), so that the app and the CLI, looking at the same rows, give the same counts.
 */
export function planColumn(
  column: string,
  info: TargetInfo,
  cells: readonly Cell[],
  reference?: AccountReference,
  sampled: string = '',
  mappingWords: MappingWords = MAPPING_FILE_WORDS,
): ColumnPlan {
  const plan: ColumnPlan = { options: {}, notes: [], needsPerson: false };
  // A number shaped by its cell format (03101) counts as the text it shows.
  const texts = cells
    .filter(
      (cell) =>
        typeof cell === 'string' ||
        typeof cell === 'number' ||
        (cell !== null && typeof cell === 'object' && cell.type === 'number'),
    )
    .map(cellText);
  const strings = cells.filter((cell): cell is string => typeof cell === 'string');
  const param: ParamSpec | null = info.target in PARAMS ? PARAMS[info.target as ParamName] : null;
  const tag = info.field && info.part == null ? String(info.field.field_type_tag) : null;

  if (param?.type === 'date' || tag === 'DATE' || tag === 'BIRTHDAY') planDate(column, strings, plan, cells);
  if (param?.type === 'decimal' || tag === 'NUMBER' || tag === 'CURRENCY') planNumber(column, strings, plan);
  if (tag === 'NAME') plan.options.parse = 'full_name';
  if (tag === 'ADDRESS') plan.options.parse = 'address';

  const lookup = param?.lookup;
  if (param && lookup && !texts.every((text) => text.trim() === '' || /^\d+$/.test(text.trim()))) {
    plan.options.lookup = lookup;
    if (param.type === 'refList') {
      const split = strings.some((text) => text.includes(';'))
        ? ';'
        : strings.some((text) => text.includes(','))
          ? ','
          : null;
      if (split) plan.options.split = split;
    }
    if (reference) {
      const records = reference[lookup];
      const names = records.map((record) => record.name);
      const fit = fitValues(texts, names, plan.options.split ?? null);
      const what = lookup.replace(/_/g, ' ');
      judgeFit(
        column,
        `one of the account's ${what}`,
        fit,
        names,
        plan,
        sampled,
        info.required === true,
        mappingWords,
      );
      judgeAlike(column, fit, sampled, plan, {
        what: `of the account's ${what} (names are matched whatever their letter case and spaces)`,
        named: (index) => itemName(records[index]!.name, records[index]!.id),
        // The id chooses one, as validate's lookup_ambiguous advises. The values of one set differ only as
        // a "values" key ignores (letter case, spaces), so one key reads them all.
        fix: (texts, indices, rows) =>
          `validation refuses ${rows} until you ${mappingWords.proposalChooseById(
            texts,
            indices.map((index) => String(records[index]!.id)),
          )}, which reads every cell holding ${texts.length === 1 ? 'it' : 'any of them'} as that one`,
      });
    }
  }
  if ((tag === 'SELECT' || tag === 'RADIO') && info.field?.choices) {
    const choices = info.field.choices;
    const fit = fitValues(texts, choices, null, 'choices');
    judgeFit(
      column,
      `one of the choices of "${info.field.name}"`,
      fit,
      choices,
      plan,
      sampled,
      info.required === true,
      mappingWords,
    );
    judgeAlike(column, fit, sampled, plan, {
      what: `choices of "${info.field.name}" that differ only in letter case`,
      named: (index) => choiceName(choices[index]!),
      // As validate's choice_ambiguous: a "values" key ignores letter case, so it would take the cells
      // written exactly as either choice too; the cell itself must say which.
      fix: (_texts, _indices, rows) =>
        `Trackops keeps them apart, so validation refuses ${rows} until each cell is written exactly as the choice it means`,
    });
  }
  return plan;
}

/**
 * Values that match several names alike (fit-values.ts `alike`): validation refuses their rows and
 * never guesses between look-alikes, so map says which values, which look-alikes (told apart: quoted,
 * an unseen space said, the id) and how to choose, as a decision; the column stays mapped, being the
 * right one.
 */
function judgeAlike(
  column: string,
  fit: ValueFit,
  sampled: string,
  plan: ColumnPlan,
  words: {
    what: string;
    named: (index: number) => string;
    /** What to do, with `rows` ("that row", "those rows") the refused rows. */
    fix: (texts: string[], indices: number[], rows: string) => string;
  },
): void {
  // One sentence per set of look-alikes: "Rush" and "RUSH" both meet 'Rush' and 'rush'.
  const bySet = new Map<string, { texts: string[]; cells: number; names: number[] }>();
  for (const [text, { cells, names }] of fit.alike) {
    const key = names.join(',');
    const set = bySet.get(key) ?? { texts: [], cells: 0, names };
    set.texts.push(text);
    set.cells += cells;
    bySet.set(key, set);
  }
  for (const { texts, cells, names } of bySet.values()) {
    const shown = texts.slice(0, LISTED_VALUES).map((text) => JSON.stringify(text));
    const more = texts.length > LISTED_VALUES ? ` and ${texts.length - LISTED_VALUES} more` : '';
    plan.notes.push({
      column,
      level: 'decide',
      message:
        `${shown.join(', ')}${more} (${cells} ${cells === 1 ? 'value' : 'values'}${sampled}) ${texts.length === 1 ? 'matches' : 'match'} ` +
        `several ${words.what}: ${names.map(words.named).join(', ')}; ${words.fix(texts, names, cells === 1 ? 'that row' : 'those rows')}`,
    });
  }
}

/**
 * Money and numbers: `parse: "number"` for currency signs, and the decimal point when a value proves it
 * ("$1,500.00" can only have "." as its decimal point), so that "$3,000" in the same column reads as 3000.
 * Without proof, a value that reads two ways ("2.000") is left for a person: never guessed.
 */
function planNumber(column: string, strings: readonly string[], plan: ColumnPlan): void {
  if (strings.some((text) => text.trim() !== '' && !PLAIN_DECIMAL.test(text.trim())))
    plan.options.parse = 'number';
  const proof = formatProof(strings);
  // "12" and "3.5" need no format; "$1,500.00" or "12,50" say which mark is which, so say it in the mapping.
  const marked = strings.some((text) => text.includes(',') || text.indexOf('.') !== text.lastIndexOf('.'));
  if (proof && marked) {
    plan.options.decimal = proof.decimal;
    plan.notes.push({
      column,
      level: 'info',
      message: `numbers read with "${proof.decimal}" as the decimal point: "${proof.proof}" can only be read that way`,
    });
    return;
  }
  const ambiguous = strings.find((text) => {
    const read = readNumber(text, null);
    return !read.ok && read.reason === 'ambiguous';
  });
  if (ambiguous)
    plan.notes.push({
      column,
      level: 'decide',
      message: `"${ambiguous.trim()}" could be read with "." or "," as the decimal point and no value settles it: set the column's "decimal" to "." or "," (or its "locale")`,
    });
}

function planDate(
  column: string,
  strings: readonly string[],
  plan: ColumnPlan,
  cells: readonly Cell[],
): void {
  utcMomentsNote(column, strings, plan);
  const inferred = inferDateFormat(strings);
  if (inferred.kind === 'format' && inferred.monthNames) {
    plan.options.dateFormat = inferred.format;
    // Month names read one way only, so this is no guess of an order; a two-digit year's century is.
    const read = `dates read as ${inferred.format}: "${inferred.proof}" names its month (any date with an English month name, such as "5 Apr 2026" or "April 5, 2026", is read whatever the format)`;
    plan.notes.push(
      inferred.twoDigitYear
        ? {
            column,
            level: 'warning',
            message: `${read}; "${inferred.twoDigitYear}" has a two-digit year: ${TWO_DIGIT_YEAR_RULE}`,
          }
        : { column, level: 'info', message: read },
    );
  } else if (inferred.kind === 'format') {
    plan.options.dateFormat = inferred.format;
    if (/^D/.test(inferred.format) && inferred.proof) swappableCellsNote(column, inferred.proof, cells, plan);
    const read = inferred.proof
      ? `dates read as ${inferred.format}: "${inferred.proof}" can only be read that way`
      : `dates read as ${inferred.format}`;
    // A two-digit year's century is the tool's guess (the pivot): said where a person sees it, not only
    // in --json, so a date of birth "1/2/28" is checked (explore 39 items 5 and 7).
    const twoDigit = !inferred.format.includes('YYYY');
    // Values that fit no one format: the proposal is a guess, said as one, and validation names those rows.
    plan.notes.push(
      inferred.guess
        ? {
            column,
            level: 'warning',
            message: `${read}; a guess, check it: ${inferred.guess}, and validation will report their rows (write them as the others are, or change "dateFormat")${twoDigit ? `; ${TWO_DIGIT_YEAR_RULE}` : ''}`,
          }
        : twoDigit
          ? { column, level: 'warning', message: `${read}; ${TWO_DIGIT_YEAR_RULE}` }
          : { column, level: 'info', message: read },
    );
  } else if (inferred.kind === 'ambiguous') {
    // The formats advised read the values as written: "1/2/85" under M/D/YYYY was refused on every row
    // (explore 39 item 7), so two-digit years get M/D/YY, with the century rule that goes with it.
    const { year } = inferred;
    const century = year === 'YY' ? `; ${TWO_DIGIT_YEAR_RULE}` : '';
    plan.notes.push({
      column,
      level: 'decide',
      message: `every date could be month-first or day-first (e.g. "${inferred.example}"): set "dateFormat" to "M/D/${year}" or "D/M/${year}"${century}`,
    });
  } else if (inferred.kind === 'conflict') {
    plan.notes.push({
      column,
      level: 'decide',
      message: `dates disagree: "${inferred.monthFirst}" is month-first but "${inferred.dayFirst}" is day-first; fix the column or set "dateFormat" yourself`,
    });
  }
}

/** An ISO date with a time in UTC ("2026-03-31T13:00:00.000Z", "… 13:00:00+00:00"): a moment, not a day. */
const UTC_MOMENT = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00))$/i;

/**
 * A column whose dates are moments in UTC (a portal's toISOString): validation reads them by what the
 * column's moments are (validate/zoned-date.ts, utc-moment-column.ts) and notes every row, but map said
 * nothing, so the clerk met the reading first thirty times over. Said here once, read from the sample
 * as validation reads the column: the day the sample's first such value is imported as, and why.
 */
function utcMomentsNote(column: string, strings: readonly string[], plan: ColumnPlan): void {
  const kind = readMomentColumn(
    strings.map((text, index) => ({ row: index + 2, cells: [text.trim()] })),
    0,
  );
  const moments = strings.flatMap((text) => {
    const match = UTC_MOMENT.exec(text.trim());
    const read = match ? zonedDay(match[1]!, match[2]!, undefined, () => kind) : null;
    return read ? [{ text: text.trim(), utcDate: match![1]!, read }] : [];
  });
  if (moments.length === 0) return;
  const [first] = moments;
  const { params } = first!.read.note;
  const rule =
    kind.kind === 'times'
      ? "their times of day differ from row to row, so each is when something happened, imported as its day in this computer's zone"
      : kind.kind === 'days'
        ? `each is midnight in one zone, as a program writes a day as the moment it starts, so each is imported as the day it starts there${kind.sure ? '' : ' (a guess from so few values: two moments an hour apart can as well be times of day)'}`
        : "one that is exactly midnight in this computer's zone or a zone in use is imported as the day it starts there, else as its day in this computer's zone (a guess, with no other value to compare)";
  const reading =
    params.reading === 'midnight-here'
      ? `midnight at the start of ${String(params.date)} in ${String(params.zone)}, this computer's zone`
      : params.reading === 'midnight-offset'
        ? `midnight at the start of ${String(params.date)} where clocks are ${String(params.offset)}`
        : `a time of day, ${String(params.date)} in ${String(params.zone)}, this computer's zone`;
  const taken = params.date === first!.utcDate ? '' : `, not its date in UTC (${first!.utcDate})`;
  plan.notes.push({
    column,
    level: 'warning',
    message:
      `${moments.length === 1 ? 'a date is' : `${moments.length} dates of the sample are`} written as a moment in UTC, not a day ` +
      `(e.g. "${first!.text}"): ${rule}; "${first!.text}" is ${reading}, so ${String(params.date)} is imported${taken}. ` +
      `Every such row says which day it took; if the file's days are its UTC dates, write them as YYYY-MM-DD`,
  });
}

/**
 * Date cells beside text that shows the day first (validate/date-cells.ts): said where the format is
 * proposed, since validation will refuse the cells whose day and month could be swapped (explore 57
 * item 1: map proposed DD/MM/YYYY from the text and said nothing of the cells).
 */
function swappableCellsNote(column: string, proof: string, cells: readonly Cell[], plan: ColumnPlan): void {
  const swappable = cells.flatMap((cell) => {
    const iso = swappableDateOf(cell);
    return iso !== null ? [iso] : [];
  });
  if (swappable.length === 0) return;
  const [year, month, day] = swappable[0]!.split('-');
  plan.notes.push({
    column,
    level: 'warning',
    message:
      `"${proof}" is text written day-first, but ${swappable.length === 1 ? 'a date cell' : `${swappable.length} date cells`} of the sample ` +
      `(e.g. ${Number(month)}/${Number(day)}/${year} as a spreadsheet set to US dates shows it) could have day and month swapped: ` +
      `such a spreadsheet stores ${month}/${day}/${year} typed day-first as ${dateInWords(swappable[0]!)}. Validation refuses those ` +
      `cells; type them as text, day first (in Excel, an apostrophe before each, or the column formatted as Text first), ` +
      `or format them to show the month by name (d-mmm-yyyy), check each, and save: cells so formatted are read as shown`,
  });
}

function judgeFit(
  column: string,
  what: string,
  fit: ValueFit,
  names: readonly string[],
  plan: ColumnPlan,
  sampled: string,
  /** TargetInfo.required: the column stays in the mapping whatever its values. */
  required: boolean,
  /** The host's words for the column's values (problems/mapping-words.ts). */
  words: MappingWords,
): void {
  if (Object.keys(fit.values).length) {
    plan.options.values = fit.values;
    const pairs = Object.entries(fit.values).map(([from, to]) => `"${from}" → ${to}`);
    // A guess from spelling alone (explore 11 item 4): said as one, for a person to confirm, since the
    // mapping then sends the value as that name without another word.
    plan.notes.push({
      column,
      level: 'warning',
      message: `guessed from spelling, check ${pairs.length === 1 ? 'it' : 'each'}: ${pairs.join(', ')} (${words.guessedSent(pairs.length === 1)})`,
    });
  }
  if (fit.unmatched.size === 0) return;
  const unmatched = [...fit.unmatched.keys()].slice(0, LISTED_VALUES);
  const listed = unmatched.map((text) => `"${text}"`);
  const more = fit.unmatched.size > LISTED_VALUES ? ` and ${fit.unmatched.size - LISTED_VALUES} more` : '';
  if (fit.cells > 0 && fit.failingCells / fit.cells > MOSTLY_FAILING) {
    const them = fit.unmatched.size === 1 ? 'it' : 'them';
    plan.needsPerson = !required;
    plan.notes.push({
      column,
      level: 'decide',
      message: required
        ? `${fit.failingCells} of ${fit.cells} values${sampled} are not ${what} (${listed.join(', ')}${more}): ` +
          `the column is mapped, and validation refuses ${fit.failingCells === 1 ? 'that row' : 'those rows'} until you ${words.proposalTranslate(them, namesOffered(unmatched, names))}`
        : `${fit.failingCells} of ${fit.cells} values${sampled} are not ${what} (${listed.join(', ')}${more}); ` +
          words.proposalTranslate(them, namesOffered(unmatched, names)),
    });
  } else {
    plan.notes.push({
      column,
      level: 'warning',
      message: `${listed.join(', ')}${more} ${fit.unmatched.size === 1 ? 'is' : 'are'} not ${what}: validation will report ${fit.failingCells === 1 ? 'that row' : `those ${fit.failingCells} rows`}${sampled}`,
    });
  }
}

/**
 * The names a "values" map may translate to, for map's note: all of them when they fit on a line; of a
 * long list (hundreds of offices), the few closest in spelling to each value, and how many there are
 * (explore 54 item 8: all 396 names on one 7.7 KB line).
 */
function namesOffered(unmatched: readonly string[], names: readonly string[]): string {
  if (names.length <= MAX_LISTED) return names.join(', ');
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  const closest = unmatched.map(
    (text) => `"${text}": ${namesToList(text, sorted).slice(0, CLOSEST_OFFERED).join(', ')}`,
  );
  return `names of the account's ${names.length} (the closest to each: ${closest.join('; ')})`;
}
