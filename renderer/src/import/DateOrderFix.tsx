import type { DateOrderChoiceView } from '../../../main/bridge/contract.ts';

/**
 * A date column whose dates read both ways ("4/12/1980": April 12 or 4 December) is never guessed: the
 * clerk says once which order the column writes, above the rows, and the check runs again with the
 * column's `dateFormat` set (docs/mapping.md "Dates"), as NumberFormatFix does for a decimal mark. Each
 * row's own fix box took the same decision once per row (explore 58 item 5: 30 rows, 30 boxes).
 */
export function DateOrderFix({
  choice,
  onDateFormat,
  busy,
}: {
  choice: DateOrderChoiceView;
  onDateFormat: (column: string, format: string) => void;
  busy: boolean;
}) {
  const { column, example, exampleRow, bothWays } = choice;
  return (
    <div className="notice warn date-order-fix" role="group" aria-label={`Order of the dates in ${column}`}>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{column}</strong>:{' '}
        {bothWays === 1
          ? `the date “${example}”`
          : `${bothWays.toLocaleString()} dates, such as “${example}”`}{' '}
        (row {exampleRow}), could be month first or day first, and nothing in the column says which. Choose
        once for the whole column:
      </p>
      <div className="row">
        {choice.orders.map(({ order, format, example: read }) => (
          <button key={order} className="btn" onClick={() => onDateFormat(column, format)} disabled={busy}>
            These dates are {order} first ({format}: {example} is {read})
          </button>
        ))}
      </div>
      <p className="muted small" style={{ margin: '6px 0 0' }}>
        {choice.orders
          .map(
            ({ order, rows }) =>
              `${order === 'month' ? 'Month' : 'Day'} first settles the date of ${rows.toLocaleString()} ${rows === 1 ? 'row' : 'rows'}`,
          )
          .join('; ')}
        . Sets the column’s date format and checks every row again.
      </p>
    </div>
  );
}
