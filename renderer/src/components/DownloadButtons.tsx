import { useState } from 'react';

/**
 * "Download the results: Excel · CSV · JSON": one button per file a step can save, the same on the
 * dry run, send and undo screens. The file is made when its button is clicked (a big sheet's Excel
 * report takes a while), so the buttons say which one is being prepared until it is handed over: the
 * step once said nothing in that time, and a clerk clicked again or left the screen. What came of it
 * (where it went, or why it failed) is the step's own notice under the buttons.
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
  /** Made and handed over: true once the file is saved or downloaded (or the save dialog cancelled), false when it failed. */
  onDownload: (format: F) => Promise<boolean>;
  disabled: boolean;
}) {
  const [preparing, setPreparing] = useState<F | null>(null);
  const [failed, setFailed] = useState<F | null>(null);
  const download = async (format: F) => {
    setPreparing(format);
    setFailed(null);
    try {
      if (!(await onDownload(format))) setFailed(format);
    } finally {
      setPreparing(null);
    }
  };
  return (
    <>
      <span className="muted small">{label}</span>
      {formats.map((format) => (
        <button
          key={format}
          className="btn"
          onClick={() => void download(format)}
          disabled={disabled || preparing !== null}
        >
          {BUTTON_LABELS[format]}
        </button>
      ))}
      <span className="muted small download-status" role="status" aria-live="polite">
        {preparing !== null
          ? `Preparing the ${BUTTON_LABELS[preparing]} file…${preparing === 'xlsx' ? ' (a big sheet can take a minute)' : ''}`
          : failed !== null
            ? `The ${BUTTON_LABELS[failed]} file was not made (why is said below).`
            : ''}
      </span>
    </>
  );
}
