/**
 * The app's dry run says what validate and import print about rows and columns hidden in Excel: they
 * are checked, and an import sends them, though the clerk does not see them. Over the bridge as the
 * renderer calls it, with a workbook written by openpyxl (rows hidden by hand and by a filter, a hidden
 * column); the dry-run screen shows `summary.hidden` as a notice above the grid.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DryRunSummary } from '../../main/bridge/answers.ts';
import { startWebApp } from '../../main/web/web-app.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from '../validate/helpers.ts';
import { callVerb } from './http-bridge.ts';

const MAPPING = {
  version: 1,
  constants: REQUIRED_CONSTANTS,
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Budget', target: 'budget_money' },
  ],
};

async function dryRunSummary(file: string): Promise<DryRunSummary> {
  const app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  try {
    const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
      name: file,
      bytesBase64: (await readFile(fixture(file))).toString('base64'),
    });
    await callVerb(app, 'previewSheet', { sourceId: source.sourceId });
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping: MAPPING,
    });
    for (;;) {
      const page = await callVerb<{ summary: DryRunSummary }>(app, 'dryRunPage', {
        runId,
        offset: 0,
        limit: 1,
        onlyErrors: false,
      });
      if (page.summary.state !== 'running') return page.summary;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await app.close();
  }
}

describe("the app's dry run and what Excel hides", { timeout: 60_000 }, () => {
  it('names the hidden rows and column, in the words validate prints', async () => {
    const summary = await dryRunSummary('hidden-rows.xlsx');
    expect(summary).toMatchObject({ state: 'done', rows: 6, valid: 6 });
    expect(summary.hidden).toBe(
      '3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter, which hides rows) and were checked too: ' +
        'an import sends them like any other row. Unhide them (clear the filter) to see them, and delete the rows ' +
        'that are not to be imported. The column "Notes" is hidden in Excel and is read like any other.',
    );
  });

  it('says nothing when nothing is hidden', async () => {
    const summary = await dryRunSummary('long-numbers.xlsx');
    expect(summary.state).toBe('done');
    expect(summary.hidden).toBeUndefined();
  });
});
