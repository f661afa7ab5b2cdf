/**
 * sampleFirstRows (issue 13): the app's suggestion from a sheet's first rows while the rest is read.
 * A sheet no larger than a suggestion's sample gives sampleSheet's own sample; a larger one its first
 * SUGGESTION_SAMPLE_ROWS rows, no footer and no count, without seeing (or reading past) later rows.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  openSheet,
  sampleFirstRows,
  sampleSheet,
  SUGGESTION_SAMPLE_ROWS,
  type SourceRow,
} from '../../core/index.ts';

/** A CSV of `rows` referral rows ending in a "TOTAL" footer row. */
function csv(rows: number): Uint8Array {
  const lines = ['Claim Number,Claimant Last Name,Date of Loss'];
  for (let index = 1; index <= rows; index++)
    lines.push(`CLM-${index},Smith${index},2024-01-${(index % 28) + 1}`);
  lines.push(`TOTAL,${rows},`);
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

const open = (rows: number) => openSheet(bytesSource('referrals.csv', csv(rows)));

describe('sampleFirstRows', () => {
  it("a sheet within the sample: exactly sampleSheet's sample, footer row included", async () => {
    for (const rows of [1, 40, SUGGESTION_SAMPLE_ROWS - 1]) {
      const first = await sampleFirstRows(await open(rows));
      const whole = await sampleSheet(await open(rows));
      expect(first).toEqual({ ...whole, complete: true });
      expect(first.tailRows?.at(-1)?.cells[0]).toBe('TOTAL');
    }
  });

  it('a larger sheet: its first rows only, no footer or count, later rows never seen', async () => {
    const seen: SourceRow[] = [];
    const first = await sampleFirstRows(await open(SUGGESTION_SAMPLE_ROWS + 500), undefined, (row) =>
      seen.push(row),
    );
    expect(first.complete).toBe(false);
    expect(first.tailRows).toBeUndefined();
    expect(first.totalRows).toBeUndefined();
    expect(first.sampleRows).toHaveLength(SUGGESTION_SAMPLE_ROWS);
    expect(first.sampleRows.at(-1)?.cells[0]).toBe(`CLM-${SUGGESTION_SAMPLE_ROWS}`);
    expect(seen).toEqual(first.sampleRows);
    const whole = await sampleSheet(await open(SUGGESTION_SAMPLE_ROWS + 500));
    expect(first.sampleRows).toEqual(whole.sampleRows);
  });
});
