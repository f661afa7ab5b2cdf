/**
 * The mapping step on a large file (issue 13): the suggestion comes from the first rows while the rest
 * of the file is still being read, saying so (`complete` false, no row count), and asking again with
 * `whole` gives the suggestion made from every row: the count, and the footer's rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingDraft, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

const ROWS = 20_000;

/** Referral rows ending in a "TOTAL" footer row. */
function csv(): string {
  const lines = ['Claim Number,Claimant Last Name,Date of Loss'];
  for (let index = 1; index <= ROWS; index++)
    lines.push(`CLM-${index},Smith${index % 50},2024-01-${(index % 28) + 1}`);
  lines.push(`TOTAL,${ROWS},`);
  return lines.join('\r\n') + '\r\n';
}

describe('the suggestion for a file larger than its sample', () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    // No rows kept (a sheet too large to keep): the read is never "done", so the first answer is from
    // the first rows however fast the machine reads.
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {}, cachedCells: 1 });
  });
  afterAll(() => app.close());

  it('first from the first 2,000 rows, then from every row with the count and the footer rule', async () => {
    const opened = await post(app, 'openSource', {
      name: 'large.csv',
      bytesBase64: Buffer.from(csv()).toString('base64'),
    });
    expect(opened.json.ok).toBe(true);
    const source = opened.json.value as SourceView;
    // The preview comes with the file.
    expect(source.preview?.rows[0]?.cells).toEqual(['CLM-1', 'Smith1', '2024-01-2']);
    const first = (await post(app, 'draftMapping', { sourceId: source.sourceId })).json.value as MappingDraft;
    expect(first.complete).toBe(false);
    expect(first.sample).toEqual({ rows: 2000, totalRows: null });
    expect(first.mapping.skip).toBeUndefined();
    expect(first.columnValues['Claimant Last Name']).toHaveLength(50);

    const whole = (await post(app, 'draftMapping', { sourceId: source.sourceId, whole: true })).json
      .value as MappingDraft;
    expect(whole.complete).toBe(true);
    expect(whole.sample).toEqual({ rows: 2000, totalRows: ROWS + 1 });
    expect(whole.mapping.skip).toEqual({ whenFirstCellStartsWith: ['TOTAL'] });
    expect(whole.notes.some((note) => note.message.includes('"TOTAL"'))).toBe(true);
    // Apart from the footer, the same mapping.
    expect({ ...whole.mapping, skip: undefined }).toEqual({ ...first.mapping, skip: undefined });

    // Nothing kept: every answer without `whole` starts again from the first rows.
    const again = (await post(app, 'draftMapping', { sourceId: source.sourceId })).json.value as MappingDraft;
    expect(again).toEqual(first);
  }, 60_000);
});
