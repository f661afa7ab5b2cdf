/**
 * What `check` learns from a page of real records (check-account.ts): their wrapper, how numbers,
 * dates, timestamps and collections are written, whether composite values come as parts, and whether
 * the list filters the tool relies on match exactly. A date the tool cannot read is unsafe: the search
 * for a create whose answer was lost compares the date it sent with the date it finds, and a create it
 * cannot recognise would be sent again.
 */
import type { FieldDef } from './reference.ts';
import type { RecordRead } from '../api/normalize.ts';
import { readCaseRequest } from '../api/normalize.ts';
import { unwrapList, unwrapRecord } from '../api/read-shapes.ts';
import { isObject, parseJsonObject } from '../api/read-values.ts';
import type { CheckFinding } from './check-finding.ts';
import {
  collectionShapeOf,
  dateFormatOf,
  distinct,
  numbersAsStrings,
  timestampFormatOf,
  type FormatSeen,
} from './check-shapes.ts';

export interface Sample {
  records: RecordRead[];
  /** The list's items as they came (each possibly under its own wrapper). */
  raw: unknown[];
  /** Read with expand_field_values=1 (the largest page): only then are composite values looked at. */
  expanded?: boolean;
}

export async function recordFindings(
  sample: Sample,
  fields: (FieldDef | null)[],
  get: (path: string) => Promise<unknown>,
  now: Date,
): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = [];
  if (sample.raw.length === 0) {
    findings.push({
      topic: 'Case request records',
      assumed: 'a bare object per record (API-NOTES Assumed shape)',
      found:
        'none to look at: the account holds no case requests, so record shape and date formats are unknown',
      verdict: 'unknown',
    });
    return findings;
  }
  const unwrapped = sample.raw.map((item) => unwrapRecord(item));
  const wrappers = distinct(unwrapped.map((item) => item?.wrapper ?? 'bare'));
  const broken = sample.records.find((read) => 'unreadable' in read);
  findings.push({
    topic: 'Case request records',
    assumed: 'a bare object per record',
    found: broken
      ? `unreadable: ${(broken as { unreadable: string }).unreadable}`
      : wrappers.map((wrapper) => (wrapper === 'bare' ? 'bare objects' : `under "${wrapper}"`)).join(', '),
    verdict: broken ? 'unsafe' : wrappers.length === 1 && wrappers[0] === 'bare' ? 'as-assumed' : 'handled',
  });
  const raw = unwrapped.map((item) => item?.value).filter(isObject);
  findings.push({
    topic: 'Numbers and booleans',
    assumed: 'JSON numbers and booleans',
    found: raw.some(numbersAsStrings) ? 'as strings ("57"): read as numbers' : 'as assumed',
    verdict: raw.some(numbersAsStrings) ? 'handled' : 'as-assumed',
  });
  for (const key of ['created_on', 'due_on'] as const)
    findings.push(
      formatFinding(
        `Dates (${key})`,
        'YYYY-MM-DD',
        raw.map((record) => dateFormatOf(record[key])),
        true,
      ),
    );
  for (const key of ['created_at', 'updated_at'] as const)
    findings.push(
      formatFinding(
        `Timestamps (${key})`,
        'YYYY-MM-DD HH:MM:SS (UTC)',
        raw.map((record) => timestampFormatOf(record[key])),
        false,
      ),
    );
  for (const key of ['custom_fields', 'subjects'] as const) {
    const shapes = distinct(
      raw.map((record) => collectionShapeOf(record[key])).filter((shape) => shape !== 'absent'),
    );
    findings.push({
      topic: `Collections (${key})`,
      assumed: 'a list',
      found: shapes.join(', ') || 'absent',
      verdict: shapes.every((shape) => shape === 'a list')
        ? 'as-assumed'
        : shapes.some((shape) => shape.startsWith('unreadable'))
          ? 'unsafe'
          : 'handled',
    });
  }
  findings.push(compositeFinding(sample, fields));
  findings.push(...(await filterFindings(sample, get, now)));
  return findings;
}

function formatFinding(
  topic: string,
  assumed: string,
  seen: (FormatSeen | null)[],
  dangerous: boolean,
): CheckFinding {
  const formats = seen.filter((format): format is FormatSeen => format !== null);
  if (formats.length === 0) return { topic, assumed, found: 'no values to look at', verdict: 'unknown' };
  const byFormat = new Map<string, FormatSeen>();
  for (const format of formats) if (!byFormat.has(format.format)) byFormat.set(format.format, format);
  const found = [...byFormat.values()]
    .map((format) => `${format.format} (e.g. "${format.example}")`)
    .join(', ');
  const unreadable = formats.some((format) => !format.readable);
  if (unreadable && dangerous)
    return {
      topic,
      assumed,
      found: `${found}: the tool cannot compare these with the dates it sends, so a create whose answer is lost could not be recognised and would be sent again; do not import until this is understood`,
      verdict: 'unsafe',
    };
  if (unreadable) return { topic, assumed, found: `${found}: kept as text`, verdict: 'handled' };
  return {
    topic,
    assumed,
    found,
    verdict: byFormat.size === 1 && byFormat.has(assumed) ? 'as-assumed' : 'handled',
  };
}

/** NAME/ADDRESS values asked with expand_field_values=1: parts (assumed) or one line of text. */
function compositeFinding(sample: Sample, fields: (FieldDef | null)[]): CheckFinding {
  const topic = 'Composite values (NAME, ADDRESS)';
  const assumed = 'objects of parts with expand_field_values=1';
  const composite = new Set(
    fields
      .filter((field) => field && ['NAME', 'ADDRESS'].includes(field.field_type_tag))
      .map((field) => field!.id),
  );
  // What a read without expand_field_values shows says nothing of what one with it gives (explore 14
  // item 5: a one-line value of such a read was reported as the server ignoring the parameter).
  if (!sample.expanded)
    return {
      topic,
      assumed,
      found: 'not tested: no list was read with expand_field_values=1 (the largest page was not asked)',
      verdict: 'unknown',
    };
  const values: unknown[] = [];
  for (const read of sample.records) {
    if (!('record' in read)) continue;
    const entries = [
      ...(read.record.custom_fields ?? []),
      ...(read.record.subjects ?? []).flatMap((subject) => subject.custom_fields ?? []),
    ];
    for (const entry of entries) if (composite.has(Number(entry.id))) values.push(entry.value);
  }
  if (values.length === 0) return { topic, assumed, found: 'no values to look at', verdict: 'unknown' };
  const flat = values.filter(
    (value) => typeof value === 'string' && value.trim() !== '' && !parseJsonObject(value),
  );
  if (flat.length === 0) return { topic, assumed, found: 'objects of parts', verdict: 'as-assumed' };
  return {
    topic,
    assumed,
    found: `one line of text even with expand_field_values=1 (e.g. "${String(flat[0]).slice(0, 60)}"): report exports show them whole; a round-trip export of such a request stops rather than guess the parts`,
    verdict: 'handled',
  };
}

/** Whether the filters the tool relies on match exactly (or loosely, or not at all). */
async function filterFindings(
  sample: Sample,
  get: (path: string) => Promise<unknown>,
  now: Date,
): Promise<CheckFinding[]> {
  const records = sample.records.flatMap((read) => ('record' in read ? [read.record] : []));
  const findings: CheckFinding[] = [];
  const listed = async (query: string) => {
    const raw = await get(`case/requests?${query}`);
    return (unwrapList(raw)?.value ?? [])
      .map((entry) => readCaseRequest(entry))
      .flatMap((read) => ('record' in read ? [read.record] : []));
  };
  const probes: {
    name: string;
    value: string;
    asked: string;
    matches: (record: Record<string, unknown>) => boolean;
  }[] = [];
  const withReference = records.find(
    (record) => typeof record.reference_value_1 === 'string' && record.reference_value_1,
  );
  const first = records[0];
  if (first)
    probes.push({
      name: 'id',
      value: String(first.id),
      asked: `asked for one id (${first.id})`,
      matches: (record) => Number(record.id) === first.id,
    });
  if (withReference) {
    const value = withReference.reference_value_1 as string;
    probes.push({
      name: 'reference_value_1',
      value,
      asked: `asked for one whole value (${JSON.stringify(value)})`,
      matches: (record) => record.reference_value_1 === value,
    });
  }
  for (const probe of probes) {
    const found = await listed(`${probe.name}=${encodeURIComponent(probe.value)}&per_page=2`);
    const loose = found.filter((record) => !probe.matches(record as unknown as Record<string, unknown>));
    if (loose.length > 0) {
      findings.push({
        topic: `Filter ${probe.name}`,
        assumed: 'matches exactly',
        found: `also returns requests that do not match (${loose.length} of ${found.length} on the first page): the tool checks every match itself, and lists more to be sure`,
        verdict: 'handled',
      });
      continue;
    }
    findings.push(
      probe.name === 'reference_value_1'
        ? await textFilterFinding(probe.value, probe.asked, listed)
        : {
            topic: `Filter ${probe.name}`,
            assumed: 'matches exactly',
            found: `matches exactly: ${probe.asked}, got only that request`,
            verdict: 'as-assumed',
          },
    );
  }
  // The search for a lost create asks for requests created since the attempt; a server that ignores
  // the filter is caught by each record's own created_at, if the tool can read it.
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const future = await listed(`created_from_system=${tomorrow}&per_page=1`);
  const stampsReadable = records.every(
    (record) =>
      typeof record.created_at === 'string' &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(record.created_at),
  );
  findings.push({
    topic: 'Filter created_from_system',
    assumed: 'only requests created since the time given',
    found:
      future.length === 0
        ? 'as assumed'
        : stampsReadable
          ? "ignored (requests created earlier come back): the tool checks each record's own created_at"
          : 'ignored, and created_at cannot be read: a lost create could be matched with an older identical request',
    verdict: future.length === 0 ? 'as-assumed' : stampsReadable ? 'handled' : 'unsafe',
  });
  return findings;
}

/**
 * A whole value finding only its own request says nothing of a loose match (report 5 item 6: a
 * case-insensitive substring filter was reported as "matches exactly"). One more request asks for a
 * part of the value in the other letter case: a loose filter (part, any case) finds the request again;
 * an exact one finds nothing. What that one request cannot tell apart is said, not guessed.
 */
async function textFilterFinding(
  value: string,
  asked: string,
  listed: (query: string) => Promise<unknown[]>,
): Promise<CheckFinding> {
  const topic = 'Filter reference_value_1';
  const assumed = 'matches exactly';
  if (value.length < 2)
    return {
      topic,
      assumed,
      found: `${asked} got only that request; looser matching was not tested (a one-character value has no part to ask for)`,
      verdict: 'as-assumed',
    };
  const part = otherCase(value.slice(0, -1));
  const hasLetters = part.toLowerCase() !== part.toUpperCase();
  const tested = hasLetters ? 'a part of it in other letter case' : 'a part of it';
  const found = await listed(`reference_value_1=${encodeURIComponent(part)}&per_page=2`);
  if (found.length > 0)
    return {
      topic,
      assumed,
      found: `matches loosely: ${tested} (${JSON.stringify(part)}) also found requests; the tool checks every match itself, and lists more to be sure`,
      verdict: 'handled',
    };
  return {
    topic,
    assumed,
    found:
      `matches exactly as far as tested: ${asked} got only that request, and ${tested} ` +
      `(${JSON.stringify(part)}) found none; ` +
      (hasLetters
        ? 'a match that ignores only letter case, or only takes a part, was not tested'
        : 'a match that ignores letter case was not tested (the value has no letters)'),
    verdict: 'as-assumed',
  };
}

/** The value with each letter in the other case ("CLM-2026-1a" → "clm-2026-1A"). */
function otherCase(text: string): string {
  return [...text]
    .map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()))
    .join('');
}
