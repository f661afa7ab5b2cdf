/** A labelled progress bar; `value` null shows work of unknown size. */
export function ProgressBar({ value, max, label }: { value: number; max: number | null; label: string }) {
  const percent = max && max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div
      className={`progress${max !== null && value >= max && max > 0 ? ' done' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max ?? undefined}
      aria-valuenow={max === null ? undefined : value}
    >
      <div style={{ width: `${percent}%` }} />
    </div>
  );
}
