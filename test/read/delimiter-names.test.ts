/**
 * The words for a delimiter (core/read/delimiter-names.ts), shared by the CLI's `map` and the app's
 * sheet step: every delimiter the reader detects has a name, any other character is quoted.
 */
import { describe, expect, it } from 'vitest';
import { delimiterName } from '../../core/index.ts';

describe('delimiterName', () => {
  it('names the delimiters the reader detects', () => {
    expect([',', ';', '\t', '|', ':'].map(delimiterName)).toEqual([
      'comma-separated',
      'semicolon-separated',
      'tab-separated',
      'pipe-separated',
      'colon-separated',
    ]);
  });

  it('quotes any other character', () => {
    expect(delimiterName('~')).toBe('"~"-separated');
  });
});
