import { describe, expect, it } from 'vitest';
import { cellText } from '../../core/index.ts';

describe('cellText: how a cell reads to a person', () => {
  it('renders each kind of cell as Excel shows it', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('Müller')).toBe('Müller');
    expect(cellText(80202)).toBe('80202'); // never "80202.0"
    expect(cellText(1234.56)).toBe('1234.56');
    expect(cellText(0.1 + 0.2)).toBe('0.3'); // 15 significant digits, as Excel displays
    expect(cellText(-0.5)).toBe('-0.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(false)).toBe('FALSE');
    expect(cellText({ type: 'date', date: '2024-01-05' })).toBe('2024-01-05');
    expect(cellText({ type: 'datetime', dateTime: '2024-01-05T14:30:00' })).toBe('2024-01-05T14:30:00');
    expect(cellText({ type: 'error', error: '#N/A' })).toBe('#N/A');
  });
});
