/**
 * A number that reads two ways (`2.000`: two, or two thousand; core's `ambiguous_number`) is never
 * guessed: the clerk says how the column writes its numbers, in place, and the check runs again with
 * the column's `decimal` set (docs/mapping.md "Numbers").
 */
export function NumberFormatFix({
  column,
  value,
  onDecimal,
  busy,
}: {
  column: string;
  /** The value that reads two ways, as the sheet shows it ("2.000"). */
  value: string | null;
  onDecimal: (column: string, decimal: '.' | ',') => void;
  busy: boolean;
}) {
  return (
    <div className="number-fix" role="group" aria-label={`How ${column} writes numbers`}>
      <button className="btn" onClick={() => onDecimal(column, ',')} disabled={busy}>
        This column writes numbers as 1.234,56{readAs(value, ',')}
      </button>
      <button className="btn" onClick={() => onDecimal(column, '.')} disabled={busy}>
        This column writes numbers as 1,234.56{readAs(value, '.')}
      </button>
      <span className="muted small">Sets the column’s number format and checks every row again.</span>
    </div>
  );
}

/** " (2.000 is 2000)": what the value becomes with this decimal point; '' when it is not that simple. */
function readAs(value: string | null, decimal: '.' | ','): string {
  const text = value?.trim() ?? '';
  if (!/^\d{1,3}([.,]\d{3})+$|^\d+[.,]\d+$/.test(text)) return '';
  const grouping = decimal === '.' ? ',' : '.';
  const number = Number(text.split(grouping).join('').replace(decimal, '.'));
  return Number.isFinite(number)
    ? ` (${text} is ${number.toLocaleString('en-US', { maximumFractionDigits: 6, useGrouping: false })})`
    : '';
}
