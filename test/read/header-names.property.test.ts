/**
 * Property: header naming (core/read/header-row.ts) gives unique names, in the sheet's order, a first
 * occurrence keeping its own name, and the same names as the rule was first written (a quadratic
 * search from "(2)" up for every repeat), now in linear time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../core/index.ts';
import { cellText } from '../../core/index.ts';
import { uniqueHeaders } from '../../core/read/header-row.ts';

/** The rule as first written: kept here as the reference the linear form must agree with. */
function quadraticHeaders(cells: Cell[], width: number): string[] {
  const raw: string[] = [];
  for (let index = 0; index < width; index++) {
    const text = cellText(cells[index] ?? null)
      .replace(/\s+/g, ' ')
      .trim();
    raw.push(text === '' ? `Column ${index + 1}` : text);
  }
  const taken = new Set(raw.map((name) => name.toLowerCase()));
  const seen = new Set<string>();
  return raw.map((name) => {
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    let suffix = 2;
    while (taken.has(`${key} (${suffix})`)) suffix++;
    const unique = `${name} (${suffix})`;
    taken.add(unique.toLowerCase());
    seen.add(unique.toLowerCase());
    return unique;
  });
}

const label: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom<Cell>(
    'Notes',
    'notes',
    'NOTES',
    'Notes (2)',
    'Notes (3)',
    'notes (2)',
    'Column 2',
    '',
    ' ',
    null,
    7,
  ),
  fc.constantFrom('Name', 'Zip', 'Name (2)').map((text): Cell => text),
);

describe('unique header names (fast-check)', () => {
  it('are unique, keep their order and first names, and agree with the rule as first written', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 40 }), fc.nat({ max: 5 }), (cells, extra) => {
        const width = cells.length + extra;
        const names = uniqueHeaders(cells, width);
        expect(names).toEqual(quadraticHeaders(cells, width));
        expect(names.length).toBe(width);
        expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(width);
        const firstSeen = new Set<string>();
        names.forEach((name, index) => {
          const text = cellText(cells[index] ?? null)
            .replace(/\s+/g, ' ')
            .trim();
          const own = text === '' ? `Column ${index + 1}` : text;
          // Each name is the column's own label, or that label numbered.
          expect(name === own || name.startsWith(`${own} (`)).toBe(true);
          if (!firstSeen.has(own.toLowerCase())) expect(name).toBe(own);
          firstSeen.add(own.toLowerCase());
        });
      }),
      { numRuns: 500 },
    );
  });
});
