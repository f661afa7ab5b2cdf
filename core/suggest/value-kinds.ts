/**
 * What a column's values are, when every one of them says so: e-mail addresses, phone numbers or dates.
 * The header match weighs this in (issue 16: "ADJ_EMAIL", every value an e-mail): a target of another
 * kind is not offered for such a column, a fuzzy match of the same kind is surer, and a contact column
 * ("Adjuster Contact") whose values are all e-mails is the contact's e-mail.
 */
import { parseMonthNameDate } from '../mapping/month-names.ts';
import type { Cell } from '../read/types.ts';
import type { Candidate } from './candidates.ts';

export type ValueKind = 'email' | 'phone' | 'date';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
/** Digits with the separators phone numbers are written with (a bare "0046001" is a claim number). */
const PHONE = /^\+?\(?\d[\d\s().-]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
const PHONE_SEPARATOR = /[\s().+-]/;
const DATE_TEXT = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2})$/;

/** The kind every non-blank value of the column has (at least two values), or null. */
export function valueKindOf(cells: readonly Cell[]): ValueKind | null {
  let kind: ValueKind | null = null;
  let seen = 0;
  for (const cell of cells) {
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) continue;
    const found = kindOfCell(cell);
    if (found === null || (kind !== null && found !== kind)) return null;
    kind = found;
    seen++;
  }
  return seen >= 2 ? kind : null;
}

function kindOfCell(cell: Exclude<Cell, null>): ValueKind | null {
  if (typeof cell === 'object') return cell.type === 'date' || cell.type === 'datetime' ? 'date' : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (EMAIL.test(text)) return 'email';
  // "05-Apr-2026": a month named in English is a date as surely as digits are (month-names.ts).
  if (DATE_TEXT.test(text) || parseMonthNameDate(text).ok) return 'date';
  if (PHONE.test(text) && PHONE_SEPARATOR.test(text)) {
    // 7 digits (555-0142) or 10 and more; a zip+4 or a social security number has 9.
    const digits = text.replace(/\s*(?:x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '').length;
    if (digits === 7 || digits >= 10) return 'phone';
  }
  return null;
}

/** The kind of value a target takes, when it has one: 'name' and 'text' kinds veto the three above. */
export function candidateKind(candidate: Candidate): ValueKind | 'other' | null {
  const target = candidate.target;
  if (target === 'contact.email') return 'email';
  if (target.startsWith('contact.phone_')) return 'phone';
  if (target === 'created_on' || target === 'due_on') return 'date';
  if (
    /^(?:contact\.(?:full|first|middle|last)_name|client\.(?:name|city|state|zip|address_\d))$/.test(target)
  )
    return 'other';
  const field = candidate.field;
  if (!field || candidate.part !== null) return candidate.part ? 'other' : null;
  const tag = String(field.field_type_tag).toUpperCase();
  if (tag === 'EMAIL') return 'email';
  if (tag === 'DATE' || tag === 'BIRTHDAY') return 'date';
  if (tag === 'INPUT' && /\b(?:phone|mobile|cell|fax)\b/i.test(field.name)) return 'phone';
  return tag === 'NAME' || tag === 'ADDRESS' || tag === 'SELECT' || tag === 'RADIO' || tag === 'NUMBER'
    ? 'other'
    : null;
}
