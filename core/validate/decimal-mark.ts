/**
 * A number column's decimal mark, as its own values prove it: for numbers what the day/month order is
 * for dates (date-order.ts runs the watch for both). "1.500" under the mapping's "decimal": "." reads as
 * 1.5, and as 1500 with a decimal comma; alone it cannot say which, and a template made on a carrier's US
 * file says ".". When a row of the same column holds a value that reads only with the other mark
 * ("1500,00", "2.750,00": refused as number_separator_mismatch), each value of that column that reads
 * both ways is refused as decimal_mark_doubt, naming that row, instead of being sent a thousand times too
 * small (or too large) in the very run whose other rows say the column is written otherwise.
 *
 * Only text read under a number format the mapping gives: without one, a value that reads both ways is
 * refused already (ambiguous_number); a number cell holds its value whatever other rows' text says.
 */
import { numberFormatOf, readNumber, type NumberFormat } from '../mapping/number-format.ts';
import { RowSet, type DateOrderProof, type DecimalMarkState } from './date-order-state.ts';
import { fail, type Converted } from './scalar-values.ts';

/** A watch for a number column's values, or null when the mapping gives the column no number format. */
export function decimalMarkState(
  label: string,
  target: string,
  index: number,
  format: NumberFormat | null,
  proof: DateOrderProof | null = null,
): DecimalMarkState | null {
  if (!format || index < 0) return null;
  const swapped = otherMark(format);
  if (!swapped) return null;
  return {
    kind: 'number',
    label,
    target,
    index,
    format,
    swapped,
    proof,
    pendingProof: null,
    pendingTwoWay: false,
    before: new RowSet(),
  };
}

/** The column's format with the other decimal mark (its thousands separated by the first, or spaces). */
export function otherMark(format: NumberFormat): NumberFormat | null {
  const swapped = numberFormatOf({ decimal: format.decimal === '.' ? ',' : '.' });
  return swapped === null || typeof swapped === 'string' ? null : swapped;
}

/**
 * What `text`, read as `value` by the column's format, reads as with the other decimal mark, when it
 * reads so too and to another number ("1.500": 1500); null when it reads one way only ("12.50", "1500").
 */
export function otherReading(text: string, value: number, swapped: NumberFormat): number | null {
  const read = readNumber(text, swapped);
  return read.ok && read.value !== value ? read.value : null;
}

/** A refusal that proves the column's mark: the value fits only the other one ("1500,00" under "."). */
export function provesOtherMark(result: Converted): boolean {
  return (
    result.kind === 'problem' &&
    result.code === 'number_separator_mismatch' &&
    result.params?.otherValue !== undefined
  );
}

/** The doubt's params (the caller adds row, column and value). */
export function decimalDoubtParams(
  format: NumberFormat,
  swapped: NumberFormat,
  asRead: number,
  other: number,
  proof: DateOrderProof,
): Record<string, unknown> {
  return {
    format: format.said,
    asRead,
    otherDecimal: swapped.decimal,
    otherValue: other,
    proofRow: proof.row,
    proofValue: proof.value,
  };
}

/** A value of a watched column that reads both ways, once a row has proved the other mark. */
export function decimalDoubt(state: DecimalMarkState, asRead: number, other: number): Converted {
  return fail(
    'decimal_mark_doubt',
    decimalDoubtParams(state.format, state.swapped, asRead, other, state.proof!),
  );
}
