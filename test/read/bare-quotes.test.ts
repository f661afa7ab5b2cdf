/**
 * The quotes a delimiter leaves inside unquoted fields, which the delimiter sniffer ranks by first
 * (core/read/bare-quotes.ts).
 */
import { describe, expect, it } from 'vitest';
import { bareQuotes } from '../../core/read/bare-quotes.ts';

const rules = (delimiter: string) => ({ delimiter, newline: '\r\n' as const, quote: '"', escape: '"' });

describe('bareQuotes', () => {
  it('is 0 for text quoted the way its delimiter writes it, doubled quotes included', () => {
    expect(bareQuotes('Name,Note\r\n"Lee, Ann","said ""hi"""\r\nBo,"two\r\nlines"', rules(','))).toBe(0);
  });

  it('counts an inch mark in an unquoted field, under any delimiter that leaves it there', () => {
    const text = 'Item,Size\r\nMonitor,"24"" wide"\r\nTV,55" screen';
    expect(bareQuotes(text, rules(','))).toBe(1);
    expect(bareQuotes(text, rules(';'))).toBeGreaterThan(1);
  });

  it('counts the quotes a wrong delimiter finds inside fields', () => {
    const text = 'A,B,C\r\nr0,"|","\r\n|"';
    expect(bareQuotes(text, rules(','))).toBe(0);
    expect(bareQuotes(text, rules('|'))).toBeGreaterThan(0);
  });

  it('counts every quote after one that opens a field and never closes', () => {
    expect(bareQuotes('A,B\r\nx,"open\r\ny,q"z "w\r\n', rules(','))).toBe(2);
  });
});
