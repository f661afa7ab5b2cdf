/**
 * A name or choice pasted from a web page or an e-mail often carries a zero-width space, a word joiner or
 * a soft hyphen: "Midwest\u200B" looks exactly like the account's "Midwest". It was refused as "Region
 * 'Midwest' is not one of: Midwest, Mountain West, …", a message that could not be acted on (the
 * non-breaking spaces and separate accent marks of explore 54 item 6 were already read as they look; these
 * invisible characters were not). They are now left out where a cell meets the account's names, choices
 * and the mapping's "values" keys, and a choice sent as the account spells it says why.
 */
import { describe, expect, it } from 'vitest';
import { caselessKey, hiddenDifference, seenText } from '../../core/mapping/text-key.ts';
import { buildChoiceTable } from '../../core/validate/choices.ts';
import { buildLookupTable } from '../../core/validate/lookups.ts';

const REGIONS = [
  { id: 3, name: 'Midwest' },
  { id: 4, name: 'Mountain West' },
];

describe('invisible characters in a name the account keeps', () => {
  it.each([
    ['a zero-width space after it', 'Midwest\u200B'],
    ['a zero-width space before it', '\u200BMidwest'],
    ['a word joiner', 'Mid\u2060west'],
    ['a soft hyphen', 'Mid\u00ADwest'],
    ['a left-to-right mark', '\u200EMidwest'],
  ])('a region with %s resolves to the region', (_what, cell) => {
    expect(buildLookupTable(REGIONS).resolve(cell)).toEqual({ ok: true, id: 3 });
  });

  it('a choice with a zero-width space is the choice, said', () => {
    expect(buildChoiceTable(['High', 'Normal']).match('High\u200B')).toEqual({ kind: 'one', choice: 'High' });
    expect(hiddenDifference('High\u200B')).toBe(
      'an invisible character (a zero-width space, joiner or soft hyphen), left out',
    );
    expect(hiddenDifference('Very\u00A0High\u200B')).toBe(
      'a non-breaking, special or doubled space, read as one space, and an invisible character (a zero-width space, joiner or soft hyphen), left out',
    );
  });

  it('text that differs in visible letters still differs; plain text is unchanged', () => {
    expect(buildLookupTable(REGIONS).resolve('Mid west')).toMatchObject({ ok: false });
    expect(seenText('  Mountain   West ')).toBe('Mountain West');
    expect(caselessKey('Mountain\u200B West')).toBe('mountain west');
    expect(hiddenDifference('Midwest')).toBeNull();
  });
});
