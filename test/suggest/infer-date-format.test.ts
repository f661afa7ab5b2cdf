import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../core/index.ts';
import { inferDateFormat } from '../../core/suggest/infer-date-format.ts';

describe('inferDateFormat', () => {
  it('a first part above 12 proves day-first, and the format reads every value', () => {
    const values = ['3/4/2026', '25/12/2026', '1/2/2026'];
    const inferred = inferDateFormat(values);
    expect(inferred).toEqual({ kind: 'format', format: 'D/M/YYYY', proof: '25/12/2026' });
    const format = compileDateFormat('D/M/YYYY');
    if (typeof format === 'string') throw new Error(format);
    expect(values.map((value) => format.parse(value))).toEqual([
      { ok: true, iso: '2026-04-03' },
      { ok: true, iso: '2026-12-25' },
      { ok: true, iso: '2026-02-01' },
    ]);
  });

  it('a second part above 12 proves month-first; separators and two-digit years are kept', () => {
    expect(inferDateFormat(['03.04.26', '03.17.26'])).toEqual({
      kind: 'format',
      format: 'MM.DD.YY',
      proof: '03.17.26',
    });
    expect(inferDateFormat(['4-1-2026', '4-30-2026'])).toMatchObject({ format: 'M-D-YYYY' });
  });

  it('every value ambiguous: no format, with an example to show the person', () => {
    expect(inferDateFormat(['3/4/2026', '12/11/2026', ''])).toEqual({
      kind: 'ambiguous',
      example: '3/4/2026',
      year: 'YYYY',
    });
  });

  it('rule: every value ambiguous with two-digit years: the year said as YY, so the advice reads them', () => {
    expect(inferDateFormat(['1/2/85', '7/8/85'])).toEqual({
      kind: 'ambiguous',
      example: '1/2/85',
      year: 'YY',
    });
  });

  it('values proving both orders are a conflict, not a guess', () => {
    expect(inferDateFormat(['13/1/2026', '1/13/2026'])).toEqual({
      kind: 'conflict',
      dayFirst: '13/1/2026',
      monthFirst: '1/13/2026',
    });
  });

  it('ISO dates are read in any format, so they set neither the separator nor the padding of other dates', () => {
    const values = ['11/15/2026', '11/16/2026', '2026-1-7'];
    expect(inferDateFormat(values)).toEqual({ kind: 'format', format: 'MM/DD/YYYY', proof: '11/15/2026' });
    const format = compileDateFormat('MM/DD/YYYY');
    if (typeof format === 'string') throw new Error(format);
    expect(values.map((value) => format.parse(value).ok)).toEqual([true, true, true]);
    // Only ISO dates beside ambiguous ones: still a question for a person, never a year-first guess.
    expect(inferDateFormat(['3/4/2026', '2026-11-17'])).toEqual({
      kind: 'ambiguous',
      example: '3/4/2026',
      year: 'YYYY',
    });
  });

  it('mixed year widths: the four-digit form, said to be a guess naming the two-digit value', () => {
    expect(inferDateFormat(['11/15/2026', '11/16/26'])).toEqual({
      kind: 'format',
      format: 'MM/DD/YYYY',
      proof: '11/15/2026',
      guess: '"11/16/26" has a two-digit year: such values do not fit MM/DD/YYYY',
    });
  });

  it('year-first values give YYYY-MM-DD; no date-like text gives nothing', () => {
    expect(inferDateFormat(['2026-01-05', '2026-11-30'])).toEqual({
      kind: 'format',
      format: 'YYYY-MM-DD',
      proof: null,
    });
    expect(inferDateFormat(['next week', '', 'n/a'])).toEqual({ kind: 'none' });
  });
});

describe('similarity', async () => {
  const { dice, editSimilarity } = await import('../../core/mapping/similarity.ts');
  it('edit similarity counts a swap of neighbours as one edit; Dice compares bigrams', () => {
    expect(editSimilarity('sliver', 'silver')).toBeCloseTo(1 - 1 / 6);
    expect(editSimilarity('femal', 'female')).toBeCloseTo(1 - 1 / 6);
    expect(editSimilarity('', '')).toBe(1);
    expect(dice('mtn west', 'mountain west')).toBeCloseTo(8 / 17);
    expect(dice('claim number', 'claim number')).toBe(1);
  });

  it('month names (explore 57 item 6): the format most values are written in, a two-digit year named', () => {
    expect(inferDateFormat(['05-Apr-2026', '19-Apr-2026'])).toEqual({
      kind: 'format',
      format: 'DD-MMM-YYYY',
      proof: '05-Apr-2026',
      monthNames: true,
    });
    expect(inferDateFormat(['05-Apr-2026', '6-Apr-26', '07-Apr-2026'])).toEqual({
      kind: 'format',
      format: 'DD-MMM-YYYY',
      proof: '05-Apr-2026',
      monthNames: true,
      twoDigitYear: '6-Apr-26',
    });
    // Beside numeric dates they prove no order, as ISO dates do not.
    expect(inferDateFormat(['3/4/2026', '5 Apr 2026'])).toMatchObject({ kind: 'ambiguous' });
  });
});
