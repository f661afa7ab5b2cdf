import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileDateFormat } from '../../core/index.ts';
import { countryCode } from '../../core/mapping/countries.ts';
import { parseIsoDate } from '../../core/mapping/date-format.ts';
import {
  parseAddress,
  parseBooleanText,
  parseFullName,
  parseNumberText,
  parsePhone,
  readFullName,
} from '../../core/mapping/text-parsers.ts';

describe('dateFormat', () => {
  const compile = (format: string) => {
    const compiled = compileDateFormat(format);
    if (typeof compiled === 'string') throw new Error(compiled);
    return compiled;
  };

  it('reads M/D/YYYY, DD.MM.YYYY, YYYY-MM-DD and M/D/YY (00-29 → 2000s, 30-99 → 1900s, said as a pivot reading)', () => {
    expect(compile('M/D/YYYY').parse('3/4/2026')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(compile('DD.MM.YYYY').parse('04.03.2026')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(compile('YYYY-MM-DD').parse('2026-03-04')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(compile('M/D/YY').parse('10/30/79')).toEqual({ ok: true, iso: '1979-10-30', twoDigitYear: true });
    expect(compile('M/D/YY').parse('1/2/29')).toEqual({ ok: true, iso: '2029-01-02', twoDigitYear: true });
    expect(compile('MMDDYY').parse('010228')).toEqual({ ok: true, iso: '2028-01-02', twoDigitYear: true });
    // An ISO date in a YY column names its century.
    expect(compile('M/D/YY').parse('2028-01-02')).toEqual({ ok: true, iso: '2028-01-02' });
    expect(compile('D MM YYYY').parse('4  03 2026')).toEqual({ ok: true, iso: '2026-03-04' });
  });

  it('accepts an unambiguous ISO date in any column, refuses dates that do not exist', () => {
    expect(compile('MM/DD/YYYY').parse('2026-03-04')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(compile('MM/DD/YYYY').parse('02/30/2026')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'February 2026 has 28 days',
    });
    expect(compile('MM/DD/YYYY').parse('13/01/2026')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'there is no month 13',
    });
    expect(compile('MM/DD/YYYY').swapped).toBe('DD/MM/YYYY');
    expect(compile('D.M.YY').swapped).toBe('M.D.YY');
    expect(compile('MM/DD/YYYY').parse('March 4')).toEqual({ ok: false, reason: 'format' });
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, iso: '2024-02-29' });
    expect(parseIsoDate('1900-02-29')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'February 1900 has 28 days',
    });
  });

  it('tries every split of parts that touch: two real readings are refused, one is read', () => {
    // Excel drops the leading zero of 01052026: 1|05|2026 or 10|5|2026.
    const ambiguous = { ok: false, reason: 'ambiguous', readings: ['2026-01-05', '2026-10-05'] };
    expect(compile('MDDYYYY').parse('1052026')).toEqual(ambiguous);
    expect(compile('MMDDYYYY').parse('1052026')).toEqual(ambiguous);
    expect(compile('MMDDYY').parse('10526')).toEqual(ambiguous);
    // 30|4 is no month, 3|04 is March 4: the split that works is taken, not called impossible.
    expect(compile('MMDDYYYY').parse('3042026')).toEqual({ ok: true, iso: '2026-03-04' });
    expect(compile('DDMMYYYY').parse('3042026')).toEqual({
      ok: false,
      reason: 'ambiguous',
      readings: ['2026-04-03', '2026-04-30'],
    });
    expect(compile('MMDDYYYY').parse('12252026')).toEqual({ ok: true, iso: '2026-12-25' });
    expect(compile('MDDYYYY').parse('1322026')).toEqual({
      ok: false,
      reason: 'nonexistent',
      why: 'there is no month 13',
    });
    // Separators (or blanks) settle every split.
    expect(compile('M/D/YYYY').parse('1/05/2026')).toEqual({ ok: true, iso: '2026-01-05' });
    expect(compile('M D YYYY').parse('1 12 2026')).toEqual({ ok: true, iso: '2026-01-12' });
  });

  it('refuses formats without exactly one day, month and year, or with stray letters', () => {
    expect(compileDateFormat('MM/YYYY')).toBe('dateFormat "MM/YYYY" needs exactly one day (D or DD)');
    expect(compileDateFormat('DD/MM/YY/YYYY')).toBe(
      'dateFormat "DD/MM/YY/YYYY" needs exactly one year (YY or YYYY)',
    );
    // A month name is a month (MMM), so a second month is what a format cannot have.
    expect(compileDateFormat('MMM D, YYYY')).not.toBeTypeOf('string');
    expect(compileDateFormat('MMM D M, YYYY')).toMatch(/needs exactly one month/);
    expect(compileDateFormat('D of M YYYY')).toMatch(/letters or digits that are not tokens/);
  });

  it('property: any real date written in a format reads back as the same ISO date', () => {
    const formats = ['M/D/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D-M-YYYY', 'YYYY/MM/DD', 'YYYY MM DD'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...formats),
        (date, format) => {
          const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
          const pad = (n: number) => String(n).padStart(2, '0');
          const text = format
            .replace('YYYY', String(y))
            .replace('MM', pad(m))
            .replace('DD', pad(d))
            .replace(/\bM\b/, String(m))
            .replace(/\bD\b/, String(d));
          expect(compile(format).parse(text)).toEqual({ ok: true, iso: `${y}-${pad(m)}-${pad(d)}` });
        },
      ),
    );
  });
});

describe('parse: full_name', () => {
  it.each([
    ['Doe, John B', { first_name: 'John', middle_name: 'B', last_name: 'Doe' }],
    ['John B Doe', { first_name: 'John', middle_name: 'B', last_name: 'Doe' }],
    ['  van  Dyke,  Dick ', { first_name: 'Dick', middle_name: '', last_name: 'van Dyke' }],
    ['Martin Luther King Jr.', { first_name: 'Martin', middle_name: 'Luther', last_name: 'King Jr.' }],
    ['King Jr., Martin Luther', { first_name: 'Martin', middle_name: 'Luther', last_name: 'King Jr.' }],
    ['Cher', { first_name: '', middle_name: '', last_name: 'Cher' }],
  ])('%s', (text, name) => expect(parseFullName(text)).toEqual(name));

  it('refuses digits, empty given names, two commas, a lone title, an open bracket and no letter at all', () => {
    expect(parseFullName('Doe, ')).toBeNull();
    expect(parseFullName('Unit 4')).toBeNull();
    expect(parseFullName('a, b, c')).toBeNull();
    expect(parseFullName('Mr.')).toBeNull();
    expect(parseFullName('Jane Doe (minor')).toBeNull();
    expect(parseFullName('-')).toBeNull();
    expect(parseFullName('—')).toBeNull();
  });

  // What a reading leaves out or decides is returned with it, for the row's note (explore 39 item 3).
  it.each([
    ['Mr. John Smith', { first_name: 'John', middle_name: '', last_name: 'Smith' }, { title: 'Mr.' }],
    ['Smith, Dr John', { first_name: 'John', middle_name: '', last_name: 'Smith' }, { title: 'Dr' }],
    ['MRS JANE DOE', { first_name: 'JANE', middle_name: '', last_name: 'DOE' }, { title: 'MRS' }],
    ['Jane Doe (minor)', { first_name: 'Jane', middle_name: '', last_name: 'Doe' }, { remarks: ['(minor)'] }],
    [
      'Smith, John (DOB unknown)',
      { first_name: 'John', middle_name: '', last_name: 'Smith' },
      { remarks: ['(DOB unknown)'] },
    ],
    [
      'Maria de la Cruz',
      { first_name: 'Maria', middle_name: '', last_name: 'de la Cruz' },
      { particles: 'de la' },
    ],
    [
      'Ludwig van Beethoven Jr.',
      { first_name: 'Ludwig', middle_name: '', last_name: 'van Beethoven Jr.' },
      { particles: 'van' },
    ],
    // Capitalised, "Van" may be a middle name: the usual First Middle Last reading, nothing decided.
    ['John Van Smith', { first_name: 'John', middle_name: 'Van', last_name: 'Smith' }, {}],
    ['de la Cruz, Maria', { first_name: 'Maria', middle_name: '', last_name: 'de la Cruz' }, {}],
  ])('%s', (text, name, said) => expect(readFullName(text)).toEqual({ name, ...said }));
});

describe('parse: address', () => {
  it('splits a one-cell US address', () => {
    expect(parseAddress('2000 Blake St, STE 123, Denver, CO 80202')).toEqual({
      address_1: '2000 Blake St',
      address_2: 'STE 123',
      city: 'Denver',
      state: 'CO',
      zip: '80202',
    });
    expect(parseAddress('1 Main St\nBoulder\nco\n80301-1234\nUnited States')).toEqual({
      address_1: '1 Main St',
      address_2: '',
      city: 'Boulder',
      state: 'CO',
      zip: '80301-1234',
      country: 'US',
    });
  });

  it('reads a country after the zip without a comma as the country, not part of the zip', () => {
    const denver = {
      address_1: '12 Elm St',
      address_2: '',
      city: 'Denver',
      state: 'CO',
      zip: '80202',
      country: 'US',
    };
    expect(parseAddress('12 Elm St, Denver, CO 80202 USA')).toEqual(denver);
    expect(parseAddress('12 Elm St, Denver, CO 80202 United States')).toEqual(denver);
    expect(parseAddress('12 Elm St, Denver, CO 80202, USA')).toEqual(denver);
    expect(parseAddress('12 Elm St, Denver, CO, 80202 US')).toEqual(denver);
    expect(parseAddress('400 Oak Ave, Apt 4B, Boulder, CO 80301-1234 US')).toEqual({
      address_1: '400 Oak Ave',
      address_2: 'Apt 4B',
      city: 'Boulder',
      state: 'CO',
      zip: '80301-1234',
      country: 'US',
    });
    // A postal code of another shape keeps its space.
    expect(parseAddress('1 Wellington St, Ottawa, ON K1A 0B1')?.zip).toBe('K1A 0B1');
  });

  it('refuses text that is not an address', () => {
    expect(parseAddress('Denver')).toBeNull();
    expect(parseAddress('somewhere near the lake')).toBeNull();
    // After a five-digit zip, only a country: anything else was kept inside the zip.
    expect(parseAddress('12 Elm St, Denver, CO 80202 XYZ')).toBeNull();
    expect(parseAddress('12 Elm St, Denver, CO 80202 Springfield')).toBeNull();
  });
});

describe('parse: phone, number, boolean', () => {
  it('phone: readable form, extensions kept, letters and short numbers refused', () => {
    expect(parsePhone('(555) 555-5555')).toEqual({ ok: true, value: '555-555-5555' });
    expect(parsePhone('+1 555.555.5555 ext 12')).toEqual({ ok: true, value: '555-555-5555 x12' });
    expect(parsePhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(parsePhone('1-800-FLOWERS').ok).toBe(false);
    expect(parsePhone('555-12')).toEqual({
      ok: false,
      reason: 'it has 5 digits; a phone number has at least 7',
    });
  });

  it('number: currency signs, thousands separators, accounting negatives', () => {
    expect(parseNumberText('$1,500.00')).toBe(1500);
    expect(parseNumberText('1 234 567')).toBe(1234567);
    expect(parseNumberText('(200.50)')).toBe(-200.5);
    expect(parseNumberText('€ 12')).toBe(12);
    expect(parseNumberText('1,50')).toBe(1.5); // a comma before two digits can only be a decimal point
    expect(parseNumberText('1,500')).toBeNull(); // reads as 1.5 or 1500: never guessed
    expect(parseNumberText('12 apples')).toBeNull();
  });

  it('boolean: yes/no/y/n/true/false/1/0/x', () => {
    expect(['yes', 'Y', 'TRUE', '1', 'x'].map(parseBooleanText)).toEqual([1, 1, 1, 1, 1]);
    expect(['no', 'N', 'false', '0'].map(parseBooleanText)).toEqual([0, 0, 0, 0]);
    expect(parseBooleanText('maybe')).toBeNull();
  });
});

describe('countries', () => {
  it('codes in any case, English names and common aliases; ambiguous or unknown names are null', () => {
    expect(
      ['us', 'USA', 'United States', 'Canada', 'Côte d’Ivoire', 'Czech Republic', 'uk'].map(countryCode),
    ).toEqual(['US', 'US', 'US', 'CA', 'CI', 'CZ', 'GB']);
    expect(countryCode('Congo')).toBeNull();
    expect(countryCode('Atlantis')).toBeNull();
    expect(countryCode('EU')).toBeNull();
  });
});

describe('parsers: properties', () => {
  const word = fc
    .stringMatching(/^[A-Z][a-z]{1,9}$/)
    // Suffixes stay with the last name, and a title before a name is left out: neither is a first name.
    .filter((text) => !/^(?:Jr|Sr|Ii|Iii|Iv|V|Esq|Phd|Md|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev)$/i.test(text));

  it('number: any amount written with a currency sign and thousands separators reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.constantFrom('$', '€', '£', ''),
        (cents, sign) => {
          const whole = Math.floor(cents / 100).toLocaleString('en-US');
          const text = `${sign}${whole}.${String(cents % 100).padStart(2, '0')}`;
          expect(parseNumberText(text)).toBe(cents / 100);
        },
      ),
    );
  });

  it('full_name: "Last, First Middle" and "First Middle Last" give the same parts', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 2 }), word, (first, middles, last) => {
        const middle = middles.join(' ');
        const expected = { first_name: first, middle_name: middle, last_name: last };
        expect(parseFullName(`${last}, ${[first, ...middles].join(' ')}`)).toEqual(expected);
        expect(parseFullName([first, ...middles, last].join(' '))).toEqual(expected);
      }),
    );
  });
});
