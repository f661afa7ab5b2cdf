/**
 * What earlier imports of a file into an account created, by the content they sent, read from their
 * journals without a request (explore 16: a clerk fixed one cell and ran the same import again; the
 * journal of the first run, bound to the file's old content, was kept aside as another run's, and every
 * row without a claim number, which the account's duplicate check cannot see, was created a second time;
 * so was a trial's rows when the rest was run with another --results). A row whose create body is, whole,
 * that of such a create (fingerprint.ts contentOf; journals record it since) is that create: the runner
 * settles it, naming it, once a read finds the request still there. The file's name is not compared: a
 * fixed file saved under another name is the same referrals (explore 17).
 *
 * Only journals that name the account count (written since journals record it): the same file imported
 * into a practice account and then the real one must reach both. Each earlier create settles one row
 * (two identical rows of a file were two requests). A create sent and never answered is searched for
 * before the row is sent (EarlierCreates.doubt, earlier-doubts.ts).
 */
import { stat } from 'node:fs/promises';
import { isAccount } from '../api/account-key.ts';
import { dayText, numberText, plainText } from '../api/compare-values.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../api/types.ts';
import type { RowOutcome } from '../validate/types.ts';
import type { ExistingRequests } from '../validate/find-existing.ts';
import { contentKeysOf } from './fingerprint.ts';
import { changedCount, compareParts, isNearEdit, PartsIndex, valuesOf } from './near-edit.ts';
import { importsRunAgainFixed } from './fixed-column.ts';
import { readJournalFile, readJournalHeader, replayJournal } from './journal.ts';
import { mayBeCreateIntent } from './journal-lines.ts';
import { journalPaths } from './running-imports.ts';
import type { IntentLine, OutcomeLine } from './journal-types.ts';
import { secondsAfterSend, withinSendWindow } from './reconcile.ts';
import { lastLeftAt } from './earlier-sends.ts';

export interface EarlierCreate {
  /** The journal that records it. */
  journal: string;
  /** The file's name as that import was given it, and its row there. */
  file: string;
  row: number;
  /** Null for a create sent without an answer (in doubt). */
  id: number | null;
  caseRequestNumber: string | null;
  /** When it was sent (ISO, UTC). */
  at: string;
  answered: boolean;
  /** The content key its journal recorded (`c1:`/`c2:`, fingerprint.ts contentOf); set by `add`. */
  content?: string;
  /** Its body's values digested by path (near-edit.ts partsOf); null in journals written before. */
  parts?: string | null;
  /** The reference value its intent recorded for looking it up (the claim number), if any. */
  key?: string | null;
}

/** A row that is an earlier create with a value or two corrected since (near-edit.ts). */
export interface EditedCreate {
  create: EarlierCreate;
  /** This row's values the create does not hold, by target path (`client.name`, `custom_fields.12`). */
  differs: string[];
  /** How many of the create's values this row does not hold (near-edit.ts ComparedParts). */
  dropped: number;
}

export class EarlierCreates {
  /** The name of the file being checked (its base name), or null: a cost gate of recogniseFixedColumn. */
  readonly #file: string | null;
  readonly #created = new Map<string, EarlierCreate[]>();
  readonly #inDoubt = new Map<string, EarlierCreate[]>();
  readonly #byRow = new Map<number, { content: string; create: EarlierCreate }>();
  /** Answered creates a row claimed by its whole content: never taken for another row's correction. */
  readonly #claimed = new Set<EarlierCreate>();
  /** How many creates of each journal rows claimed by content: that import is being run again. */
  readonly #claimedOf = new Map<string, number>();
  /** Imports this file runs again with a column fixed on every row, no row held whole (fixed-column.ts). */
  readonly #fixedAgain = new Set<string>();
  readonly #nearByRow = new Map<number, { content: string; edited: EditedCreate }>();
  readonly #nearTaken = new Set<EarlierCreate>();
  readonly #answered: EarlierCreate[] = [];
  #index: PartsIndex<EarlierCreate> | null = null;
  /** Journals of this account that could not be read exactly: what they created is not known. */
  readonly unreadable: string[] = [];
  /**
   * Sends recorded only in a journal's last line, cut short, by the row of this very file (the journal
   * is bound to its bytes): in doubt, looked for before the row is sent (explore 52 item 1).
   */
  readonly #cutShort = new Map<number, EarlierCreate>();
  /**
   * Journals of this account ending in a line cut short that may record a create of another file's row
   * (or of a row the cut left unnamed): which of this file's rows it is cannot be told; the host says so.
   */
  readonly cutShort: { journal: string; file: string; row: number | null }[] = [];
  /**
   * Journals the host remembered for this account that are gone (deleted, moved): what they created is
   * not known, so a row of theirs without a key Trackops holds would be created again (explore 52 item 2).
   */
  readonly gone: string[] = [];
  /** Every request these journals record as created: never taken for one sent without an answer. */
  readonly ids = new Set<number>();
  /** The journals of this account read (their creates matched by content), by path as found. */
  readonly journals = new Set<string>();

  constructor(file: string | null = null) {
    this.#file = file === null ? null : fileNameKey(file);
  }

  add(content: string, create: EarlierCreate): void {
    create.content = content;
    if (create.id !== null) this.ids.add(create.id);
    const into = create.answered ? this.#created : this.#inDoubt;
    if (create.answered && create.parts) {
      this.#answered.push(create);
      this.#index = null;
    }
    const list = into.get(content);
    if (list) list.push(create);
    else into.set(content, [create]);
  }

  /**
   * One earlier create with this content that Trackops answered, taken (it settles one row), or null.
   * `content`: the keys a row's content may be recorded under (fingerprint.ts contentKeysOf).
   */
  claim(content: string | readonly string[]): EarlierCreate | null {
    const create = firstOf(this.#created, content);
    if (create) {
      this.#claimed.add(create);
      this.#claimedOf.set(create.journal, (this.#claimedOf.get(create.journal) ?? 0) + 1);
    }
    return create;
  }

  /**
   * One earlier send of this content that got no answer, taken, or null. Whether it is in Trackops only
   * a search can say: the runner searches before sending (earlier-doubts.ts), and a dry run says so.
   */
  doubt(content: string | readonly string[]): EarlierCreate | null {
    return firstOf(this.#inDoubt, content);
  }

  /**
   * The earlier create (or unanswered send) that row `row`, with this content, is: the one it took
   * before while its content is unchanged (the app's dry run checks a row again after a fix or a row
   * brought back), else one taken now. One it took with other content is given back for other rows.
   */
  take(row: number, content: string | readonly string[]): EarlierCreate | null {
    const key = typeof content === 'string' ? content : content[0]!;
    const before = this.#byRow.get(row);
    if (before?.content === key) return before.create;
    this.#giveBack(row);
    const create = this.claim(content) ?? this.doubt(content) ?? this.cutShortAt(row);
    if (create) this.#byRow.set(row, { content: key, create });
    return create;
  }

  /** Row `row`'s send that an earlier import of these very bytes recorded in a line cut short. */
  addCutShort(create: EarlierCreate): void {
    this.#cutShort.set(create.row, create);
  }

  /**
   * The send row `row` of this very file may have made, recorded only in a journal line cut short
   * (unanswered, so searched for before the row is sent), taken; or null.
   */
  cutShortAt(row: number): EarlierCreate | null {
    const create = this.#cutShort.get(row) ?? null;
    this.#cutShort.delete(row);
    return create;
  }

  /**
   * The answered earlier create with this content that is one of `ids` (the requests the account holds
   * under the row's key), taken as `take` takes one, or null. A row refused as a duplicate is that
   * create when the request holding its key is the very one an earlier import created from this content
   * (explore 30 item 2: the app's own trial send, checked again with a mapping differing in a column
   * those rows leave empty, was offered as "would be created twice" for the clerk to "fix"). Another
   * request holding the key (the create gone, a colleague's) is a duplicate as before.
   */
  takeHeld(row: number, content: readonly string[], ids: readonly number[]): EarlierCreate | null {
    const before = this.#byRow.get(row);
    if (
      before &&
      before.content === content[0] &&
      before.create.id !== null &&
      ids.includes(before.create.id)
    )
      return before.create;
    this.#giveBack(row);
    for (const key of content) {
      const list = this.#created.get(key);
      const index = list?.findIndex((create) => create.id !== null && ids.includes(create.id)) ?? -1;
      if (!list || index < 0) continue;
      const [create] = list.splice(index, 1);
      this.#claimed.add(create!);
      this.#claimedOf.set(create!.journal, (this.#claimedOf.get(create!.journal) ?? 0) + 1);
      this.#byRow.set(row, { content: content[0]!, create: create! });
      return create!;
    }
    return null;
  }

  /** The create row `row` took before, given back for other rows (its content changed since). */
  #giveBack(row: number): void {
    const before = this.#byRow.get(row);
    if (!before) return;
    const into = before.create.answered ? this.#created : this.#inDoubt;
    const recorded = before.create.content ?? before.content;
    into.set(recorded, [before.create, ...(into.get(recorded) ?? [])]);
    if (this.#claimed.delete(before.create))
      this.#claimedOf.set(before.create.journal, (this.#claimedOf.get(before.create.journal) ?? 1) - 1);
    this.#byRow.delete(row);
  }

  /**
   * The earlier create that row `row` (this content and body, which no earlier create holds whole) is
   * with a value or two corrected, or null (near-edit.ts). Call it once every row has taken its own by
   * content (the runner and the dry runs do): a create a row holds whole is never another row's
   * correction, however alike the two rows (a file's rows may differ in a city and a note only).
   */
  near(row: number, content: string, body: Partial<CaseRequestCreateBody>): EditedCreate | null {
    const before = this.#nearByRow.get(row);
    if (before) {
      this.#nearByRow.delete(row);
      this.#nearTaken.delete(before.edited.create);
      if (before.content === content && !this.#claimed.has(before.edited.create)) {
        this.#nearByRow.set(row, before);
        this.#nearTaken.add(before.edited.create);
        return before.edited;
      }
    }
    if (this.#byRow.has(row) || !this.runAgain) return null;
    this.#index ??= new PartsIndex(this.#answered.map((create) => ({ item: create, parts: create.parts! })));
    const ours = valuesOf(body);
    let best: (EditedCreate & { same: number }) | null = null;
    for (const create of this.#index.candidates(ours)) {
      if (this.#claimed.has(create) || this.#nearTaken.has(create)) continue;
      // Only an import being run again: another of its rows held whole by this file. Another file much
      // like it (another month's, or rows differing in two columns only) is not, whatever its rows'
      // places. A file whose every row was corrected (a column fixed throughout) has no row held whole:
      // its import is found run again by its rows themselves (recogniseFixedColumn).
      if (!this.#claimedOf.get(create.journal) && !this.#fixedAgain.has(create.journal)) continue;
      const compared = compareParts(ours, this.#index.partsOf(create)!);
      if (!isNearEdit(compared)) continue;
      // The fewest values changed; then the same row of the file; then the earliest sent.
      const rank = (candidate: EarlierCreate, changed: number): [number, number, string] => [
        changed,
        candidate.row === row ? 0 : 1,
        candidate.at,
      ];
      const changed = changedCount(compared);
      const better = !best || ranksBefore(rank(create, changed), rank(best.create, changedCount(best)));
      if (better)
        best = { create, differs: compared.differs, dropped: compared.dropped, same: compared.same };
    }
    if (!best) return null;
    const edited = { create: best.create, differs: best.differs, dropped: best.dropped };
    this.#nearByRow.set(row, { content, edited });
    this.#nearTaken.add(best.create);
    return edited;
  }

  /**
   * A row the account's duplicate check found by its key (not sent): the earlier create that recorded
   * that key is held by it, so never another row's correction, and its import is being run again.
   */
  holdsKey(key: string): void {
    const value = key.trim();
    if (!value) return;
    for (const list of this.#created.values())
      for (const create of list)
        if (create.key?.trim() === value && !this.#claimed.has(create)) {
          this.#claimed.add(create);
          this.#claimedOf.set(create.journal, (this.#claimedOf.get(create.journal) ?? 0) + 1);
        }
  }

  /**
   * Looks among this file's rows to create (`rows`: none an earlier create holds whole) for an earlier
   * import they run again with a column fixed on every row, so that no row of it is held whole
   * (fixed-column.ts says what is evidence); `near` then takes it for an import being run again. Call
   * it once every row has taken its own by content, before `runAgain`. Only imports none of whose
   * creates a row took are looked at: a file new to the account costs each row's values digested.
   */
  recogniseFixedColumn(rows: Iterable<{ row: number; body: Partial<CaseRequestCreateBody> }>): void {
    const open = this.#answered.filter(
      (create) =>
        !this.#claimed.has(create) &&
        !this.#claimedOf.get(create.journal) &&
        !this.#fixedAgain.has(create.journal),
    );
    if (open.length === 0) return;
    // Digesting a row's values costs about 30 µs: the file of a name an earlier import recorded (a fix
    // saved as a spreadsheet program saves it) is looked at whatever its size, another only when small
    // (a fix saved under another name), so that a large file new to the account costs nothing (issue
    // 13: the app's pass over 100,000 rows). The name is a cost gate, never evidence (fixed-column.ts).
    const list = [...rows];
    const looked =
      list.length <= SMALL_FILE
        ? open
        : open.filter((create) => this.#file !== null && fileNameKey(create.file) === this.#file);
    if (looked.length === 0) return;
    const pairable = looked.map((create) => ({ ...create, parts: create.parts! }));
    for (const journal of importsRunAgainFixed(pairable, list)) this.#fixedAgain.add(journal);
  }

  /**
   * Whether any row took one of these creates by its content or key, or the file runs an import again
   * with a column fixed throughout (recogniseFixedColumn): only then can a row be one corrected since
   * (near looks at the journals of an import being run again, and there is none).
   */
  get runAgain(): boolean {
    if (this.#fixedAgain.size > 0) return true;
    for (const count of this.#claimedOf.values()) if (count > 0) return true;
    return false;
  }

  /** The corrected create `near` gave row `row` last, or null. */
  editedBy(row: number): EditedCreate | null {
    return this.#nearByRow.get(row)?.edited ?? null;
  }

  /** What `take` gave row `row` last, or null. */
  takenBy(row: number): EarlierCreate | null {
    return this.#byRow.get(row)?.create ?? null;
  }

  /**
   * Whether any earlier create or unanswered send is held by content: without one, `claim` and `doubt`
   * find nothing whatever the content, and a caller need not compute a row's content keys (two stable
   * serialisations and two SHA-256 of the body per row: a first import into an account has none).
   */
  get holdsContent(): boolean {
    return this.#created.size > 0 || this.#inDoubt.size > 0;
  }

  get size(): number {
    let size = 0;
    for (const list of [...this.#created.values(), ...this.#inDoubt.values()]) size += list.length;
    return size + this.#cutShort.size;
  }
}

/** Rows to create that recogniseFixedColumn compares with every earlier import, whatever its file's name. */
const SMALL_FILE = 2000;

/** A file's name as compared: its base name, in any case (Windows and macOS names ignore case). */
function fileNameKey(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).toLowerCase();
}

/** The first entry left under any of `content`'s keys, taken from its list. */
function firstOf(
  lists: Map<string, EarlierCreate[]>,
  content: string | readonly string[],
): EarlierCreate | null {
  for (const key of typeof content === 'string' ? [content] : content) {
    const create = lists.get(key)?.shift();
    if (create) return create;
  }
  return null;
}

/** Whether rank `a` comes before rank `b`, field by field. */
function ranksBefore(a: [number, number, string], b: [number, number, string]): boolean {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! < b[index]!;
  return false;
}

/**
 * The creates recorded by the import journals among the `.jsonl` files of `folders` (and `paths`) that
 * were written into `account`, except the journal at `except` (the run's own). A journal of the account
 * that cannot be read exactly is listed in `unreadable` (a resume of it says what is wrong with it).
 */
export async function earlierCreates(options: {
  folders: string[];
  /** Journals known elsewhere (the host's list of where this account's journals were written). */
  paths?: string[];
  account: string;
  except: string | null;
  /** The file being checked (a path or its name): recogniseFixedColumn looks first at its imports. */
  file?: string;
  /** Its bytes' hash (the journal binding's): a send cut short in a journal of these bytes names its row. */
  fileHash?: string;
}): Promise<EarlierCreates> {
  const found = new EarlierCreates(options.file ?? null);
  for (const path of options.paths ?? [])
    if (path !== options.except && (await stat(path).catch(() => null)) === null) found.gone.push(path);
  const paths = await journalPaths(options.folders, options.paths ?? [], options.except);
  // A request is one request however many journals record it (a journal copied beside itself).
  const ids = new Set<string>();
  for (const path of paths) {
    const header = await readJournalHeader(path);
    if (!header || header.kind === 'revert' || !isAccount(header.account, options.account)) continue;
    const read = await readJournalFile(path).catch(() => null);
    if (!read) {
      found.unreadable.push(path);
      continue;
    }
    found.journals.add(path);
    const state = replayJournal(read.lines);
    const entry = (intent: IntentLine, answered: OutcomeLine | null): EarlierCreate => ({
      journal: path,
      file: read.header.file,
      row: intent.row,
      id: answered?.id ?? null,
      caseRequestNumber: answered?.case_request_number ?? null,
      // Its last attempt's departure: a POST goes again only after a 429, which stored nothing, so
      // that is when it was stored, and when its settle window starts (earlier-sends.ts).
      at: lastLeftAt(intent),
      answered: answered !== null,
      parts: intent.parts ?? null,
      key: intent.lookup?.value ?? null,
    });
    for (const [row, line] of state.finished) {
      const intent = state.lastIntent.get(row);
      if (line.status !== 'created' || intent?.op !== 'create' || !intent.content) continue;
      if (line.id !== undefined) {
        // The same id with other content is another request: the practice account gives its ids
        // again after a restart, and an older journal's create at that id must not hide this one's.
        const seen = `${line.id} ${intent.content}`;
        if (ids.has(seen)) continue;
        ids.add(seen);
      }
      found.add(intent.content, entry(intent, line));
    }
    for (const intent of state.inDoubt.values())
      if (intent.op === 'create' && intent.content) found.add(intent.content, entry(intent, null));
    if (read.torn && mayBeCreateIntent(read.torn)) cutShort(found, path, read, state, options.fileHash);
  }
  return found;
}

/**
 * A journal whose last line was cut short where an intent to create may have been (explore 52 item 1:
 * an older version sent the request of an intent the disk had taken only in part; a later import of the
 * file from another folder, reading no such line, created the row again). Its send is in doubt: for a
 * journal of these very bytes, the row it names is searched for before it is sent, as any unanswered
 * send is (earlier-doubts.ts); otherwise which row it is cannot be told, and the host says so.
 */
function cutShort(
  found: EarlierCreates,
  path: string,
  read: Awaited<ReturnType<typeof readJournalFile>>,
  state: ReturnType<typeof replayJournal>,
  fileHash: string | undefined,
): void {
  const torn = read.torn!;
  const row = torn.row;
  // That row's earlier intent is whole and unanswered: it is in doubt by its content already.
  if (row !== null && state.inDoubt.get(row)?.op === 'create') return;
  if (row === null || fileHash === undefined || read.header.fileHash !== fileHash) {
    found.cutShort.push({ journal: path, file: read.header.file, row });
    return;
  }
  // When it left: the line's own time, else no earlier than the last send the journal holds whole.
  const lastIntent = read.lines.findLast((line): line is IntentLine => line.type === 'intent');
  const at = torn.at ?? (lastIntent ? lastLeftAt(lastIntent) : read.header.startedAt);
  found.addCutShort({
    journal: path,
    file: read.header.file,
    row,
    id: null,
    caseRequestNumber: null,
    at,
    answered: false,
    parts: null,
    key: null,
  });
}

/**
 * Why the request Trackops holds at an earlier create's id is not that create, or null when it may be
 * (explore 22 item 3: after `sandbox --reset` the practice account gives its ids again, and another
 * file's request at REQ-00037 was taken for this row's, so the row was never sent). Read from the record
 * the runner's one GET returned, no request more. It is another request when it was created outside the
 * window of that import's send (the reconcile margin before, for clocks that differ; the client's
 * timeout plus the margin after, as the answer came within it), or when it holds another case type,
 * client, created-on date or reference value than the row sets: what a colleague does not change on a
 * referral (the rest, notes, due date, contact, is ordinary editing, never a reason).
 */
export function notThatCreate(
  record: CaseRequestRecord,
  create: EarlierCreate,
  body: Partial<CaseRequestCreateBody>,
  options: { timeoutMs?: number | undefined } = {},
): string | null {
  const seconds = secondsAfterSend(record.created_at, create.at);
  if (seconds !== null && !withinSendWindow(seconds, options.timeoutMs))
    return `it was created at ${record.created_at} UTC, ${seconds > 0 ? `${seconds} s after` : `${-seconds} s before`} that import sent the row, so another create made it`;
  const sentFields = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  const differs: string[] = [];
  // A value the row leaves blank is not compared (a claim number filled in since).
  const compare = (
    name: string,
    normalise: (value: unknown) => string,
    ours: unknown,
    theirs: unknown,
  ): void => {
    if (normalise(ours) !== '' && normalise(ours) !== normalise(theirs))
      differs.push(`${name} ${JSON.stringify(theirs ?? '')} where this row has ${JSON.stringify(ours)}`);
  };
  compare('case type', numberText, sentFields.case_type_id, held.case_type_id);
  compare('client', plainText, body.client?.name, record.client?.name);
  compare('created-on date', dayText, sentFields.created_on, held.created_on);
  for (const key of ['reference_value_1', 'reference_value_2', 'reference_value_3'] as const)
    compare(key.replaceAll('_', ' '), plainText, sentFields[key], held[key]);
  return differs.length > 0 ? `it holds another referral: ${differs.join(', ')}` : null;
}

/**
 * The row's note: which import sent its content, when, and the request it became; or, for a send that
 * got no answer, what the search before sending found (`found`) or that it found nothing (`searched`);
 * or that the request it became is gone (`gone`).
 */
export function earlierCreateNote(
  row: number,
  create: EarlierCreate,
  how: {
    gone?: true;
    /** The request at its id is another one (notThatCreate says why): the row was sent. */
    replaced?: string;
    /**
     * A dry run's note: the import reads the request before it skips the row. Without `listed`, nothing
     * was read; with it, the dry run's search of the account found the request, still that create.
     */
    dryRun?: true;
    listed?: true;
    searched?: true;
    found?: { id: number; case_request_number: string | null };
    /**
     * With `found`: found not by content but as the one request only that send can have made, edited
     * since (own-create.ts): its words, which say how (the window, what it shares, what differs now).
     */
    own?: string;
    /** Not found by content, but requests that may be it (identity-match.ts): the row is held back. */
    several?: { found: string[]; why: string };
    /**
     * The row is this create with a value or two corrected (near-edit.ts): `differs` in a clerk's words;
     * held back, or sent because the request is gone or its id holds another one now (`replaced`).
     */
    edited?: { differs: string; how: 'held' | 'unread' | 'gone' | 'replaced'; why?: string };
    /**
     * A resume's row in doubt (its own journal sent it without an answer) that this create settles: the
     * resume's search did not find that send, so this import's create is the row's request.
     */
    doubt?: true;
    /** That row in doubt whose own send the resume's search found as well: two requests for one row. */
    twice?: { id: number; case_request_number: string | null };
  },
  /** The host's words for a second request made anyway (problems/ways-out.ts). */
  ways: WaysOut,
): Problem {
  // What every such note names: the earlier import's row, when it sent it, its journal and request.
  const earlier = {
    row,
    label: null,
    target: null,
    value: null,
    file: create.file,
    earlierRow: create.row,
    at: create.at,
    journal: create.journal,
    request: create.caseRequestNumber ?? (create.id === null ? null : `id ${create.id}`),
    dryRun: how.dryRun ?? false,
    listed: how.listed ?? false,
  };
  if (how.edited)
    return problem(
      'edited_since_earlier_import',
      { ...earlier, differs: how.edited.differs, how: how.edited.how, why: how.edited.why ?? null },
      ways,
    );
  const code = how.twice
    ? 'in_doubt_created_twice'
    : how.gone
      ? 'earlier_create_gone'
      : how.replaced
        ? 'earlier_create_replaced'
        : how.searched
          ? 'earlier_create_not_found'
          : how.several
            ? 'earlier_create_several'
            : 'created_by_earlier_import';
  const seen = how.found ?? how.twice;
  const found = seen ? (seen.case_request_number ?? `id ${seen.id}`) : (how.several?.found ?? null);
  return problem(
    code,
    {
      ...earlier,
      answered: create.answered,
      found,
      why: how.replaced ?? how.several?.why ?? null,
      doubt: how.doubt ?? false,
      own: how.own ?? null,
    },
    ways,
  );
}

/**
 * What the dry run's search of the account read (plan-import.ts, find-existing.ts keepIds): the records
 * of the earlier creates' ids it came across, and whether it read the whole account (a listing), so
 * that an id it did not come across is one the account does not hold.
 */
export interface AccountRead {
  byId: ReadonlyMap<number, CaseRequestRecord>;
  whole: boolean;
  /** The client's timeout, for notThatCreate's window. */
  timeoutMs?: number | undefined;
}

/** What a search of the account read (find-existing.ts, with keepIds), as an AccountRead; null: none made. */
export function accountReadOf(found: ExistingRequests | null, timeoutMs?: number): AccountRead | null {
  return found ? { byId: found.byId, whole: found.strategy === 'listing', timeoutMs } : null;
}

/**
 * What the search the dry run made anyway says of an earlier create, as the import's one read of it
 * will (runner.ts earlierCreateGone, explore 32 item 1: the dry run said "already sent" of creates a
 * reset practice account no longer held, and the import then sent every row): 'held' (still that
 * create), gone (a listing of the whole account without it), replaced (its id holds another request:
 * notThatCreate), or null when the search cannot say (probes that did not list it: not asked).
 */
export function earlierCreateInRead(
  create: EarlierCreate,
  body: Partial<CaseRequestCreateBody>,
  read: AccountRead | null,
): 'held' | { gone: true } | { replaced: string } | null {
  if (!read || create.id === null) return null;
  const record = read.byId.get(create.id);
  if (!record) return read.whole ? { gone: true } : null;
  const replaced = notThatCreate(record, create, body, { timeoutMs: read.timeoutMs });
  return replaced === null ? 'held' : { replaced };
}

/**
 * A dry run's row to create whose content an earlier import of the file created (or sent): reported
 * as already sent, naming it, as the import settles it (runner.ts). When the dry run's search of the
 * account (`read`) shows that create gone or its id holding another request, the row is one the import
 * sends, with the note the import gives it. Other rows are returned as they are.
 */
export function markCreatedByEarlierImport(
  outcome: RowOutcome,
  earlier: EarlierCreates,
  read: AccountRead | null,
  ways: WaysOut,
): RowOutcome {
  if (outcome.action === 'duplicate') {
    const held = heldByEarlierCreate(outcome, earlier, ways);
    if (held) return held;
    const key = duplicateKey(outcome);
    if (key) earlier.holdsKey(key);
    return outcome;
  }
  if (outcome.status !== 'valid' || outcome.action !== 'create' || !outcome.body) return outcome;
  const body = outcome.body as CaseRequestCreateBody;
  const create = earlier.take(outcome.row, contentKeysOf(body));
  if (!create) return outcome;
  const seen = create.answered ? earlierCreateInRead(create, body, read) : null;
  const how =
    seen === null
      ? { dryRun: true as const }
      : seen === 'held'
        ? { dryRun: true as const, listed: true as const }
        : { dryRun: true as const, ...seen };
  const notes = [...(outcome.notes ?? []), earlierCreateNote(outcome.row, create, how, ways)];
  // Gone or replaced: the import sends the row (a create, as counted), said why.
  const sent = create.answered && (seen === null || seen === 'held');
  return sent ? { ...outcome, action: 'already_sent', notes } : { ...outcome, notes };
}

/**
 * A row refused only as a duplicate whose key the account holds at the very request an earlier import
 * created from this row's content (EarlierCreates.takeHeld): already sent, valid, nothing to fix, with
 * the note naming that import, as a row to create with that content reads. Null for any other row.
 */
function heldByEarlierCreate(outcome: RowOutcome, earlier: EarlierCreates, ways: WaysOut): RowOutcome | null {
  const create = earlierCreateHolding(outcome, earlier);
  if (!create) return null;
  return {
    ...outcome,
    status: 'valid',
    action: 'already_sent',
    problems: [],
    // The search found the request holding the row's key at that create's very id: the account was asked.
    notes: [
      ...(outcome.notes ?? []),
      earlierCreateNote(outcome.row, create, { dryRun: true, listed: true }, ways),
    ],
  };
}

/**
 * The earlier create a row refused only as a duplicate is (EarlierCreates.takeHeld: the request holding
 * its key is the one an earlier import created from this row's content), taken; null for any other row.
 * The dry run and the import both ask it, so they say the same of the row.
 */
export function earlierCreateHolding(outcome: RowOutcome, earlier: EarlierCreates): EarlierCreate | null {
  const refused = outcome.duplicateOf;
  if (!refused || !outcome.problems.every((said) => said.code === 'duplicate_in_account')) return null;
  return earlier.takeHeld(outcome.row, refused.content, refused.ids);
}

/** The key a row the duplicate check refused holds (as the row gives it), or null. */
export function duplicateKey(outcome: RowOutcome): string | null {
  const problem = outcome.problems.find((candidate) => candidate.code === 'duplicate_in_account');
  return outcome.matchValue?.trim() || problem?.value?.trim() || null;
}
