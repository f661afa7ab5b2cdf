/**
 * In words, what the searches a run made while it sent met (searches-met.ts): one note per kind of
 * search, however many searches of that kind the run made, in list-all.ts's own words where they fit.
 * The same words on the command line, in --json `notes` and on the app's send screen: no flag named.
 */
import {
  countNotesWords,
  ignoredFilterWords,
  listedTwiceWords,
  pinnedWords,
  plural,
  aheadOfClockWords,
  type AheadOfClock,
  type IgnoredPin,
  type ListedTwice,
  type ListingProgress,
  type PinnedListing,
} from '../api/list-all.ts';
import { countIgnoredListingWords } from '../api/count-ignored-filter.ts';
import { capitalised } from '../problems/ways-out.ts';

/**
 * The searches a run makes while it sends, each of which lists requests (list-all.ts); and a round
 * trip's check of its edited rows just before (round-trip-import.ts), said with the round trip's notes.
 */
export type SendSearch =
  'round-trip-check' | 'resume-sweep' | 'keys-being-added' | 'own-create' | 'freshness' | 'revert-check';

/** What the searches of one kind met over the run. */
export interface SearchTally {
  /** Listings made. */
  searches: number;
  /** Each listing's last progress, in the order they ended. */
  listings: ListingProgress[];
  /** Of `listings`, those an error broke off (a page refused, the connection lost): not read whole. */
  brokeOff: Set<ListingProgress>;
  /** Requests asked by key instead of reading on past an ignored filter (the check while sending). */
  lookUps: number;
  /** Notes in the search's own words (SearchesMet.said), each once. */
  said: string[];
}

/** Each kind of search named, for one and for several ("the 3 searches for creates whose answers were lost"). */
const NAMES: Record<SendSearch, { one: string; many: (count: number) => string }> = {
  'round-trip-check': {
    one: 'the check of the edited rows for changes made in Trackops since the export',
    many: (count) => `the ${count} checks of the edited rows for changes made in Trackops since the export`,
  },
  'resume-sweep': {
    one: 'the search for the creates an earlier run left in doubt',
    many: (count) => `the ${count} searches for the creates earlier runs left in doubt`,
  },
  'keys-being-added': {
    one: "the second look for this file's rows being added by another import",
    many: (count) => `the ${count} looks for this file's rows being added by another import`,
  },
  'own-create': {
    one: 'the search for a create whose answer was lost',
    many: (count) => `the ${count} searches for creates whose answers were lost`,
  },
  freshness: {
    one: 'the check for changes made in Trackops while the rows were sent',
    many: (count) => `the ${count} checks for changes made in Trackops while the rows were sent`,
  },
  'revert-check': {
    one: 'the check of the requests for changes since the import',
    many: (count) => `the ${count} checks of the requests for changes since the import`,
  },
};

/** The searches a clerk knows as checks ("that check read the whole list…"), not searches. */
const CHECKS: ReadonlySet<SendSearch> = new Set(['round-trip-check', 'freshness', 'revert-check']);

/** At most this many other notes per kind of search: the rest are counted, not said. */
const OTHER_NOTES_SHOWN = 3;

/** The notes, kinds in the order a run makes them; none when every listing went as expected. */
export function searchNotesWords(tallies: ReadonlyMap<SendSearch, SearchTally>): string[] {
  const notes: string[] = [];
  for (const search of Object.keys(NAMES) as SendSearch[]) {
    const tally = tallies.get(search);
    if (!tally) continue;
    const ignored = ignoredNote(search, tally);
    if (ignored) notes.push(ignored);
    notes.push(...otherNotes(search, tally));
    notes.push(...tally.said);
  }
  return notes;
}

type IgnoringListing = ListingProgress & { pinned: PinnedListing & { ignored: IgnoredPin } };

/**
 * The filter Trackops ignored, said once for all the searches of a kind that met it: what it did, what
 * the tool did instead (and what that read), and what it means for the clerk.
 */
function ignoredNote(search: SendSearch, tally: SearchTally): string | null {
  const ignoring = tally.listings.filter(
    (listing): listing is IgnoringListing => listing.pinned?.ignored !== undefined,
  );
  if (ignoring.length === 0) return onePageIgnoredNote(search, tally);
  const first = ignoring[0]!.pinned;
  const several = ignoring.length > 1;
  const name = several ? NAMES[search].many(ignoring.length) : NAMES[search].one;
  const them = several ? 'each of them' : `that ${CHECKS.has(search) ? 'check' : 'search'}`;
  const said = `In ${name}, ${ignoredFilterWords(first, first.ignored)}, so `;
  const tell = 'Tell whoever runs Trackops that it ignores this filter';
  // The pin's own upper bound ignored: what came since was never a part of its own, the list was read whole.
  if (/_to/.test(first.ignored.filter))
    return (
      `${said}${them} could only be checked against Trackops's count: a request deleted while another was added ` +
      `during the read could be on no page without a word. ${tell}`
    );
  // The check while sending stops there and looks up each row left by its key (stored-requests.ts).
  if (search === 'freshness')
    return (
      `${said}${them} looked up each row still to be sent by its key instead` +
      (tally.lookUps > 0 ? ` (${plural(tally.lookUps, 'look-up')}${several ? ' in all' : ''})` : '') +
      `. Nothing was missed for it, but each such check costs a request per row left instead of two. ${tell}`
    );
  // Each search read the list whole: the largest of them is the list's size, the pages are every one's.
  const largest = Math.max(...ignoring.map((listing) => listing.received));
  const pages = ignoring.reduce((sum, listing) => sum + listing.pages, 0);
  const read = several
    ? `, up to ${plural(largest, 'request')} each: ${plural(pages, 'page')} in all`
    : `: ${plural(largest, 'request')} in ${plural(pages, 'page')}`;
  // One that broke off read part of that list: never said to have read it whole, nor to have missed nothing.
  if (ignoring.some((listing) => tally.brokeOff.has(listing)))
    return (
      `${said}${them} was reading the whole list Trackops gives instead when ${several ? 'one of them' : 'it'} broke off: ` +
      `that list was not read whole. Such a search takes as long as reading the whole account. ${tell}`
    );
  return (
    `${said}${them} read the whole list Trackops gives instead${read}. Nothing was missed for it, but such a search takes as long ` +
    "as reading the whole account: on a large account, minutes at the run's pace, which is why the run may have " +
    `seemed to stand still there. ${tell}`
  );
}

/**
 * A filter Trackops ignored in searches whose lists fit one page (never pinned: list-all.ts
 * ListingProgress.ignored): the page held requests plainly outside it. Each search holds what it reads
 * to its own window (a request older than it is never taken for a new one), so nothing was missed or
 * mistaken for it; said so that whoever runs Trackops hears of it, and the clerk knows why a search on a
 * larger account reads the whole list.
 */
function onePageIgnoredNote(search: SendSearch, tally: SearchTally): string | null {
  const ignoring = tally.listings.filter((listing) => listing.ignored !== undefined);
  const first = ignoring[0]?.ignored;
  if (!first) return null;
  const several = ignoring.length > 1;
  const name = several ? NAMES[search].many(ignoring.length) : NAMES[search].one;
  const them = several ? 'each of them' : `that ${CHECKS.has(search) ? 'check' : 'search'}`;
  return (
    `In ${name}, ${ignoredFilterWords(first, first)}. Its list fit one page, so ${them} read no more for it, ` +
    'and no request outside that filter was taken for one inside it: nothing was missed or mistaken, but on a ' +
    'larger account such a search reads the whole list Trackops gives instead. Tell whoever runs Trackops that ' +
    'it ignores this filter'
  );
}

/**
 * The rest of what the listings met, in list-all.ts's words, each said once: a list that moved or
 * ended short and was read again, a count below the list (each distinct sentence, a few at most),
 * requests a page gave twice (all of them in one sentence), requests stamped after the server's clock
 * (the first search's words, and how many searches met them). Requests added while a list was read are
 * not said: a search made while sending reads the run's own creates landing, which is no news.
 */
function otherNotes(search: SendSearch, tally: SearchTally): string[] {
  const said = new Set<string>();
  const twice: ListedTwice[] = [];
  const ahead: { ahead: AheadOfClock; field: PinnedListing['field'] }[] = [];
  for (const listing of tally.listings) {
    const pinned = listing.pinned;
    // The pinned part read again (readAgain) alone: the ignored filter, the clock and the requests
    // added are said below, or not at all.
    const readAgain = pinned && !pinned.ignored ? { ...pinned, during: 0, ahead: undefined } : undefined;
    // A count that ignored a filter, met by a listing that then broke off: not "read whole".
    const counted =
      listing.countIgnored && tally.brokeOff.has(listing)
        ? countIgnoredListingWords(listing.countIgnored, 'checked', true)
        : countNotesWords(listing, 'checked');
    for (const note of [counted, pinnedWords(readAgain, 'checked')]) if (note) said.add(note);
    if (listing.ahead) ahead.push({ ahead: listing.ahead, field: listing.ahead.field });
    if (pinned?.ahead) ahead.push({ ahead: pinned.ahead, field: pinned.field });
    for (const entry of listing.listedTwice ?? [])
      if (!twice.some((known) => known.id === entry.id)) twice.push(entry);
  }
  const notes = [...said].slice(0, OTHER_NOTES_SHOWN);
  if (said.size > OTHER_NOTES_SHOWN)
    notes.push(`${plural(said.size - OTHER_NOTES_SHOWN, 'more note')} of the same kind`);
  const first = ahead[0];
  if (first)
    notes.push(
      aheadOfClockWords(first.ahead, first.field, 'checked') +
        (ahead.length > 1 ? ` (${ahead.length} of these searches met such requests)` : ''),
    );
  const doubled = listedTwiceWords(twice, 'checked');
  if (doubled) notes.push(doubled);
  if (notes.length === 0) return [];
  const name = capitalised(tally.searches > 1 ? NAMES[search].many(tally.searches) : NAMES[search].one);
  return notes.map((note) => `${name}: ${note}`);
}
