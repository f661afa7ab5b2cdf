/**
 * The mapping step's sample values come from the reader's cell text (issue 16): a zip code stored as a
 * number under Excel's 00000 format shows as 03101, not 3101, as Excel shows it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { fixture } from '../read/helpers.ts';
import { post } from './http-bridge.ts';

describe('the mapping preview of numbers with a digit-shaping format', () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  });
  afterAll(() => app.close());

  it('lists the zip, zip+4, phone and SSN values as Excel shows them', async () => {
    const opened = await post(app, 'openSource', {
      name: 'excel-special-formats.xlsx',
      bytesBase64: (await readFile(fixture('excel-special-formats.xlsx'))).toString('base64'),
    });
    expect(opened.json.ok).toBe(true);
    const { sourceId } = opened.json.value as { sourceId: string };
    const draft = await post(app, 'draftMapping', { sourceId });
    expect(draft.json.ok).toBe(true);
    const { columnValues } = draft.json.value as { columnValues: Record<string, string[]> };
    expect(columnValues.Zip).toEqual(['03101', '80202']);
    expect(columnValues['Zip+4']).toEqual(['03101-1234', '80202-1234']);
    expect(columnValues.Phone).toEqual(['(555) 123-4567', '123-4567']);
    expect(columnValues.SSN).toEqual(['012-34-5678', '123-45-6789']);
  });
});
