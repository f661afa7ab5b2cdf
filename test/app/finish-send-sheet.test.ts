/**
 * "Finish that send" reopens the sheet the unfinished send read, also when its mapping names the sheet
 * by position (`"sheet": 1`, as a template or `--sheet 1` gives it): before, only a name was passed on,
 * and a position was dropped, so the preview (and the dry run and send after it) read the sheet the
 * app would choose instead. Through browser mode's HTTP bridge, with a workbook whose first sheet is not
 * the one the app picks.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetPreview, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { sheetOfSend } from '../../renderer/src/import/finish-send.ts';
import { callVerb, openFile } from './http-bridge.ts';

// Sheets: "Summary", "Referrals" (the one the app picks), "Lists" (hidden).
const CARRIER = fileURLToPath(new URL('../fixtures/clerk/carrier-summary-first.xlsx', import.meta.url));

describe('finishing a send whose mapping names its sheet by position', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  });
  afterAll(() => app.close());

  const preview = async (source: SourceView, sheet: string | number | undefined) => {
    const name = sheetOfSend(source.sheets, sheet);
    return callVerb<SheetPreview>(app, 'previewSheet', {
      sourceId: source.sourceId,
      ...(name !== undefined ? { sheet: name } : {}),
    });
  };

  it('reads the sheet at that position, hidden sheets counted as the reader counts them', async () => {
    const source = await openFile(app, CARRIER);
    expect(source.chosenSheet).toBe('Referrals');
    expect((await preview(source, 1)).sheet).toBe('Summary');
    expect((await preview(source, 3)).sheet).toBe('Lists');
    expect((await preview(source, 'Referrals')).sheet).toBe('Referrals');
    // No sheet named: the app's own choice.
    expect((await preview(source, undefined)).sheet).toBe('Referrals');
  });

  it('a position past the last sheet is refused by the reader, naming the sheets', async () => {
    const source = await openFile(app, CARRIER);
    await expect(preview(source, 7)).rejects.toThrow(/Summary.*Referrals.*Lists/);
  });
});
