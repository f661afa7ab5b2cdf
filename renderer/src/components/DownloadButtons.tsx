/**
 * "Download the results: Excel · CSV · JSON": one button per file a step can save, the same on the
 * dry run, send and undo screens.
 */
export type DownloadFormat = 'xlsx' | 'csv' | 'json';

/** The dry-run report and the import's results come in all three. */
export const ALL_FORMATS = ['xlsx', 'csv', 'json'] as const;

const BUTTON_LABELS: Record<DownloadFormat, string> = { xlsx: 'Excel', csv: 'CSV', json: 'JSON' };

export function DownloadButtons<F extends DownloadFormat>({
  label,
  formats,
  onDownload,
  disabled,
}: {
  label: string;
  formats: readonly F[];
  onDownload: (format: F) => Promise<void>;
  disabled: boolean;
}) {
  return (
    <>
      <span className="muted small">{label}</span>
      {formats.map((format) => (
        <button key={format} className="btn" onClick={() => void onDownload(format)} disabled={disabled}>
          {BUTTON_LABELS[format]}
        </button>
      ))}
    </>
  );
}
