/**
 * What identifies a create among the account's requests when its answer was lost: the fields a person
 * would compare, read the same way from the body we sent and from the record the API returns. Fields the
 * API might reformat beyond recognition (lists, custom values) are left out; ids and texts are enough to
 * tell rows of one file apart, and the journal's claimed ids settle rows that are identical.
 *
 * Values are compared normalised (API-NOTES Tolerance: a server may write `2024-01-02 00:00:00` for the
 * date we sent as `2024-01-02`, `"3"` for 3, and trim or re-space text): dates to the day, numbers as
 * numbers, white space collapsed, letters in one case. Fingerprints are written with a version prefix
 * (`n1:`); a journal written before that holds bare ones, compared as they were made (raw text), so a
 * resumed old journal still finds what it was looking for. The normalisers are shared with the change
 * preview (api/compare-values.ts).
 */
import { sha256 } from './journal.ts';
import { dayText, numberText, plainText, rawText } from '../api/compare-values.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, CaseRequestUpdateBody } from '../api/types.ts';

type Source = Partial<CaseRequestCreateBody> | CaseRequestUpdateBody | CaseRequestRecord;

const NORMALISED = 'n1:';

const IDS = ['case_type_id', 'case_region_id'] as const;
const DATES = ['created_on', 'due_on'] as const;
const TEXTS = [
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_location',
  'notes',
] as const;

/** The fingerprint written into a journal's intent (normalised values, versioned). */
export function fingerprintOf(source: Source): string {
  const record = source as Record<string, unknown>;
  const client = (record.client ?? {}) as Record<string, unknown>;
  const contact = (record.contact ?? {}) as Record<string, unknown>;
  const parts = [
    // Lower-cased like the texts: the fingerprints journals already hold were made this way.
    ...IDS.map((key) => numberText(record[key]).toLowerCase()),
    ...DATES.map((key) => dayText(record[key]).toLowerCase()),
    ...TEXTS.map((key) => plainText(record[key])),
    plainText(client.name),
    plainText(contact.email),
    plainText(contact.first_name),
    plainText(contact.last_name),
  ];
  return NORMALISED + sha256(JSON.stringify(parts)).slice(0, 32);
}

/** Whether a record returned by the API is the create an intent's fingerprint describes. */
export function fingerprintMatches(record: CaseRequestRecord, fingerprint: string): boolean {
  if (fingerprint.startsWith(NORMALISED)) return fingerprintOf(record) === fingerprint;
  return legacyFingerprintOf(record) === fingerprint;
}

/** The fingerprint of journals written before normalisation: raw text of the same fields, in this order. */
export function legacyFingerprintOf(source: Source): string {
  const record = source as Record<string, unknown>;
  const client = (record.client ?? {}) as Record<string, unknown>;
  const contact = (record.contact ?? {}) as Record<string, unknown>;
  const keys = [
    'case_type_id',
    'case_region_id',
    'created_on',
    'due_on',
    'reference_value_1',
    'reference_value_2',
    'reference_value_3',
    'case_location',
    'notes',
  ];
  const parts = [
    ...keys.map((key) => rawText(record[key])),
    rawText(client.name),
    rawText(contact.email).toLowerCase(),
    rawText(contact.first_name),
    rawText(contact.last_name),
  ];
  return sha256(JSON.stringify(parts)).slice(0, 32);
}

/**
 * The whole create body, hashed (keys sorted at every depth): what tells an earlier import's create of
 * a row from another row (earlier-creates.ts), where the fingerprint above, made to find a lost create
 * among stored records, leaves out claimants, custom fields, services and budget (explore 17: two rows
 * differing only in their claimant were taken for one another).
 *
 * Line breaks are hashed as one kind (`c2:`): Excel and LibreOffice write a cell's CRLF back as LF when
 * they save a file again, and that unchanged row was another content (explore 27). Journals written
 * before hold `c1:` hashes of the raw text: `contentKeysOf` gives both, so they are still found.
 */
export function contentOf(body: CaseRequestCreateBody): string {
  return 'c2:' + sha256(stableJson(body, true)).slice(0, 32);
}

/** The keys a row's content may be recorded under: this version's, then the one before (`c1:`). */
export function contentKeysOf(body: CaseRequestCreateBody): [string, string] {
  return [contentOf(body), 'c1:' + sha256(stableJson(body, false)).slice(0, 32)];
}

/** A text with its line breaks as one kind (LF), as a spreadsheet saving the file again writes them. */
export function oneKindOfLineBreak(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * JSON with the keys of every object sorted, undefined written as null. Written out with loops, not
 * map/join: the run makes it for every create's whole body, and in a profile of the import it was the
 * engine's own costliest per-row function, its per-key closures and arrays included (issue 13). The
 * text is the same to the byte (journals hold its hashes): an array's hole stays empty, as join left it.
 */
function stableJson(value: unknown, lineBreaks: boolean): string {
  if (typeof value === 'string') return JSON.stringify(lineBreaks ? oneKindOfLineBreak(value) : value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      if (index in value) text += stableJson(value[index], lineBreaks);
    }
    return text + ']';
  }
  const keys = Object.keys(value).sort();
  let text = '{';
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (index > 0) text += ',';
    text += JSON.stringify(key) + ':' + stableJson((value as Record<string, unknown>)[key], lineBreaks);
  }
  return text + '}';
}
