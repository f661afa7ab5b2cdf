/**
 * fitValues compares each distinct text with the names once (issue 13: a column repeats a few values
 * over 2,000 cells), yet counts every cell: the same fit as comparing cell by cell.
 */
import { expect, it } from 'vitest';
import { fitValues } from '../../core/suggest/fit-values.ts';

const names = ['Surveillance', 'Background Check', 'Rush', 'rush'];

it('counts every cell of a repeated value, translated, unmatched or alike', () => {
  const once = ['Surveilance', 'Mtn West', 'RUSH', 'Background Check'];
  const fit = fitValues([...once, ...once, ...once, ' ', 'Surveilance'], names, null);
  expect(fit.cells).toBe(13);
  expect(fit.values).toEqual({ Surveilance: 'Surveillance' });
  expect(fit.unmatched).toEqual(new Map([['Mtn West', 3]]));
  expect(fit.alike).toEqual(new Map([['RUSH', { cells: 3, names: [2, 3] }]]));
  expect(fit.failingCells).toBe(3);
});

it('counts the items of list cells the same way, and choices matched exactly', () => {
  const fit = fitValues(['Rush; Surveilance', 'Rush; Surveilance', 'Mtn West; Rush'], names, ';', 'choices');
  expect(fit.cells).toBe(3);
  expect(fit.values).toEqual({ Surveilance: 'Surveillance' });
  expect(fit.unmatched).toEqual(new Map([['Mtn West', 1]]));
  expect(fit.failingCells).toBe(1);
});
