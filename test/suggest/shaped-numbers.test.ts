/**
 * `map` and the app's suggestion see a number shaped by its cell format as the text Excel shows
 * (issue 16): a note about the values names 03101, not 3101.
 */
import { describe, expect, it } from 'vitest';
import { suggestMapping, type Cell } from '../../core/index.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();
const zip: Cell = { type: 'number', value: 3101, text: '03101', format: '00000' };

describe('numbers shaped by their format, in the suggestion', () => {
  it("a value that fits none of a field's choices is named as Excel shows it", () => {
    const cells: Cell[] = [...Array.from({ length: 9 }, (): Cell => 'High'), zip];
    const proposal = suggestMapping({
      headers: ['Priority'],
      sampleRows: cells.map((cell, index) => ({ row: index + 2, cells: [cell] })),
      reference,
      fileName: 'referrals.xlsx',
    });
    const notes = proposal.decisions.filter((note) => note.column === 'Priority').map((note) => note.message);
    expect(notes.join('\n')).toContain('"03101"');
    expect(notes.join('\n')).not.toContain('"3101"');
  });
});
