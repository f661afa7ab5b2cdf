/**
 * Turns the edited cells of a round-trip row into update-body values, target by target. Each converter
 * returns the value or a problem sentence; the caller attaches row, column and value, and the shared
 * formatter says them ("due_on = 'soon': must be a date …").
 */
import type { FieldDef } from '../account/reference.ts';
import type { Cell } from '../read/types.ts';
import { canonicalCellText, cellText } from './round-trip-read.ts';

export type Converted<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = (code: string, message: string): Converted<never> => ({ ok: false, code, message });

export const DATE_TARGETS = new Set(['created_on', 'due_on']);
export const ID_TARGETS = new Set(['client_id', 'company_location_id', 'referral_source_id']);
export const LIST_TARGETS = new Set(['case_services_list', 'case_flags_list']);
export const TEXT_TARGETS = new Set([
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_location',
  'notes',
  'scheduling_notes',
  'admin_notes',
]);

export function toIsoDate(cell: Cell): Converted<string> {
  const text = canonicalCellText(cell, 'date');
  if (text === '') {
    return fail('cannot_clear', 'was emptied; the Trackops update cannot clear a date: put a date back');
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    return fail('invalid_date', 'must be a date (a date cell or YYYY-MM-DD, e.g. 2025-03-31)');
  }
  return ok(text);
}

export function toId(cell: Cell): Converted<number> {
  const text = cellText(cell);
  if (text === '') {
    return fail('cannot_clear', 'was emptied; the Trackops update cannot clear it: put the id back');
  }
  return /^\d+$/.test(text) ? ok(Number(text)) : fail('invalid_id', 'must be a whole-number id, e.g. 51');
}

export function toIdList(cell: Cell): Converted<number[]> {
  const parts = cellText(cell)
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.some((part) => !/^\d+$/.test(part))) {
    return fail('invalid_id', 'must be ids separated by ";", e.g. 21;23');
  }
  return ok(parts.map(Number));
}

const YES = new Set(['1', 'yes', 'y', 'true', 'x']);
const NO = new Set(['0', 'no', 'n', 'false']);

/** A scalar custom field's value, by the field's type tag (API-NOTES table). */
export function toFieldValue(cell: Cell, field: FieldDef | undefined): Converted<string | number> {
  const tag = String(field?.field_type_tag ?? 'INPUT').toUpperCase();
  if (tag === 'DATE' || tag === 'BIRTHDAY') {
    if (cellText(cell) === '') return ok('');
    return toIsoDate(cell);
  }
  const text = cellText(cell);
  if (tag === 'NUMBER' || tag === 'CURRENCY') {
    if (typeof cell === 'number') return ok(cell);
    if (text === '') return ok('');
    const number = Number(text.replace(/[$,\s]/g, ''));
    return Number.isFinite(number) ? ok(number) : fail('invalid_number', 'must be a number, e.g. 1250.50');
  }
  if (tag === 'YESNO' || tag === 'YESNONA') {
    const word = text.toLowerCase();
    if (YES.has(word)) return ok(1);
    if (NO.has(word)) return ok(0);
    if (word === '' && tag === 'YESNONA') return ok('');
    return fail('invalid_yes_no', `must be 1 or 0 (yes or no)${tag === 'YESNONA' ? ', or empty' : ''}`);
  }
  return ok(text);
}
