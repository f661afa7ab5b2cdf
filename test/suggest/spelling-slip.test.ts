/**
 * map's guess from spelling, word by word (core/suggest/spelling-slip.ts): a letter mistyped inside a
 * word is a slip; a word that names another place is not; a name typed in two words ("South West") is
 * the same name as typed in one ("Southwest"). Values as normaliseLabel gives them (lower case, one space).
 */
import { describe, expect, it } from 'vitest';
import { maySlipTo } from '../../core/suggest/spelling-slip.ts';

describe('maySlipTo', () => {
  it.each([
    ['mountian west', 'mountain west'],
    ['mountain wst', 'mountain west'],
    ['eest texas', 'east texas'],
    // One name typed in two words, or two in one (explore 55: refused every row since the rule below).
    ['south west', 'southwest'],
    ['north east', 'northeast'],
    ['south east', 'southeast'],
    ['mid west', 'midwest'],
    ['southwest', 'south west'],
    ['mountainwest', 'mountain west'],
    ['northgate', 'north gate'],
  ])('%s may be a slip of %s', (value, name) => {
    expect(maySlipTo(value, name)).toBe(true);
  });

  it.each([
    // Another place, though a letter or two set them apart (explore 54 item 4).
    ['east texas', 'west texas'],
    ['south texas', 'north texas'],
    ['south west', 'northwest'],
    ['north west', 'southwest'],
    ['mid west', 'northwest'],
    ['unit 1', 'unit 2'],
    ['unitiv', 'unit vi'],
    ['acme inc', 'acme llc'],
    ['mountaineast', 'mountain west'],
    ['northgate', 'south gate'],
  ])('%s is not a slip of %s', (value, name) => {
    expect(maySlipTo(value, name)).toBe(false);
  });
});
