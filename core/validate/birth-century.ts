/**
 * A date of birth written with a two-digit year (explore 39 item 5): Excel's pivot (00-29 → 2000s)
 * read "1/2/28" as 2 January 2028, a claimant born after the request was received and after today,
 * imported without a word. Nobody is born after their case is referred, nor in the future: when the
 * pivot puts a BIRTHDAY field's date after the row's date received (or, without one, after today), the
 * century before is taken and the row says so in a note. Any other two-digit-year date keeps the
 * pivot (docs/mapping.md "Dates").
 */
import { calendarDate } from '../mapping/date-format.ts';
import { problem } from '../problems/format.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { RowDraft } from './row-draft.ts';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Once the row is read (its date received known): each two-digit-year date of birth in the future moves back. */
export function settleBirthCenturies(compiled: CompiledMapping, draft: RowDraft): void {
  const given = draft.param('created_on');
  const received = typeof given === 'string' && ISO_DAY.test(given) ? given : null;
  // The earlier of the two: a request received in the past was referred for someone born before it.
  const latest = received !== null && received < compiled.today ? received : compiled.today;
  for (const { plan, text } of draft.twoDigitBirths) {
    const custom = draft.custom[plan.customSlot];
    const read = custom?.value;
    if (!custom || typeof read !== 'string') continue;
    const day = ISO_DAY.exec(read);
    if (!day || read <= latest) continue;
    const earlier = calendarDate(Number(day[1]) - 100, Number(day[2]), Number(day[3]));
    // Only 29 February 2000 has no day a century before, and it moves only for a request received
    // before it: not a referral this tool imports.
    if (!earlier.ok) continue;
    custom.value = earlier.iso;
    draft.notes.push(
      problem('birth_year_century', {
        row: draft.rowNumber,
        label: plan.label,
        target: plan.target.path,
        what: plan.what,
        value: text,
        read,
        taken: earlier.iso,
        ...(latest === received ? { received } : { today: compiled.today }),
      }),
    );
  }
}
