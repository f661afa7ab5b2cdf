/**
 * Cells the reader types beyond text and numbers (read/types.ts): a number whose cell format shows
 * other text (a zip code 3101 shown as 03101) and a time of day. Text targets take what Excel shows;
 * number targets keep the number; date targets refuse a time, saying why (issues 15 and 16).
 */
import { describe, expect, it } from 'vitest';
import {
  fileSource,
  openSheet,
  parseMapping,
  validateRow,
  validateRows,
  type Cell,
  type RowOutcome,
} from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { collect, demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const reference = demoReference();
const BASE = {
  version: 1,
  constants: { ...REQUIRED_CONSTANTS, 'subjects.0.custom_fields.101.last_name': 'Doe' },
  subjects: [{ subject_type_id: 1 }],
};

const zip: Cell = { type: 'number', value: 3101, text: '03101', format: '00000' };
const ssn: Cell = { type: 'number', value: 12345678, text: '012-34-5678', format: '000\\-00\\-0000' };
const phone: Cell = {
  type: 'number',
  value: 5551234567,
  text: '(555) 123-4567',
  format: '[<=9999999]###\\-####;\\(###\\)\\ ###\\-####',
};
const time: Cell = { type: 'time', time: '14:30:00' };
const duration: Cell = { type: 'time', time: '36:00:00', elapsed: true };

function one(target: string, cell: Cell, options: Record<string, unknown> = {}): RowOutcome {
  const mapping = parseMapping({ ...BASE, columns: [{ column: 'Col', target, ...options }] }, 'm.json');
  return validateRow({ row: 7, cells: [cell] }, ['Col'], mapping, { reference });
}

/** The value the body holds at a dotted path (custom fields by id). */
function sent(outcome: RowOutcome, path: string): unknown {
  expect(outcome.problems).toEqual([]);
  const body = outcome.body as Record<string, unknown> & {
    custom_fields?: { id: number; value: unknown }[];
    subjects?: { custom_fields: { id: number; value: unknown }[] }[];
  };
  const custom = /^(?:subjects\.0\.)?custom_fields\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (custom) {
    const fields = path.startsWith('subjects') ? body.subjects?.[0]?.custom_fields : body.custom_fields;
    const value = fields?.find((field) => field.id === Number(custom[1]))?.value;
    return custom[2] ? (value as Record<string, unknown>)[custom[2]] : value;
  }
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], body);
}

describe('a number shaped by its cell format (03101)', () => {
  it('text targets take the text Excel shows: zip, reference values, text parameters, INPUT fields, address parts', () => {
    expect(sent(one('client.zip', zip), 'client.zip')).toBe('03101');
    expect(sent(one('reference_value_1', zip), 'reference_value_1')).toBe('03101');
    expect(sent(one('subjects.0.custom_fields.104', ssn), 'subjects.0.custom_fields.104')).toBe(
      '012-34-5678',
    );
    expect(sent(one('subjects.0.custom_fields.107.zip', zip), 'subjects.0.custom_fields.107.zip')).toBe(
      '03101',
    );
  });

  it('a phone target parses the shown text, (555) 123-4567', () => {
    const direct = one('contact.phone_office', '(555) 123-4567', { parse: 'phone' });
    expect(sent(one('contact.phone_office', phone, { parse: 'phone' }), 'contact.phone_office')).toBe(
      sent(direct, 'contact.phone_office'),
    );
  });

  it('number targets keep the number', () => {
    expect(sent(one('custom_fields.13', zip), 'custom_fields.13')).toBe(3101);
    expect(sent(one('budget_hours', zip), 'budget_hours')).toBe(3101);
    expect(sent(one('case_region_id', { ...zip, value: 1, text: '00001' }), 'case_region_id')).toBe(1);
  });

  it('a plain number without such a format goes to a text target as Excel shows it', () => {
    expect(sent(one('client.zip', 3101), 'client.zip')).toBe('3101');
  });

  it('the match key is the text Excel shows', () => {
    const mapping = parseMapping(
      {
        version: 1,
        mode: 'update',
        match: 'reference_value_1',
        columns: [{ column: 'Ref', target: 'reference_value_1' }],
      },
      'm.json',
    );
    expect(validateRow({ row: 2, cells: [zip] }, ['Ref'], mapping, {}).matchValue).toBe('03101');
  });
});

describe('a time of day or duration', () => {
  it('text targets take HH:MM:SS', () => {
    expect(sent(one('client.name', time), 'client.name')).toBe('14:30:00');
    expect(sent(one('subjects.0.custom_fields.103', duration), 'subjects.0.custom_fields.103')).toBe(
      '36:00:00',
    );
  });

  it('date targets refuse it, saying it is a time (parameter, DATE field, BIRTHDAY field)', () => {
    for (const target of ['created_on', 'custom_fields.15', 'subjects.0.custom_fields.102']) {
      const outcome = one(target, time);
      expect(outcome.problems.map((problem) => problem.code)).toEqual(['time_as_date']);
      expect(outcome.problems[0]).toMatchObject({ row: 7, column: 'Col', value: '14:30:00' });
      expect(outcome.problems[0]!.message).toMatch(
        /^Col '14:30:00' is a time of day, not a date; .* takes a date/,
      );
    }
    expect(one('due_on', duration).problems[0]!.message).toMatch(/'36:00:00' is a duration, not a date/);
  });
});

describe('read from a workbook and validated (excel-special-formats.xlsx, times-and-formats.xlsx)', () => {
  it('the zip code and SSN LibreOffice stores as numbers under 00000 and 000-00-0000 are sent as shown', async () => {
    const sheet = await openSheet(fileSource(fixture('times-and-formats.xlsx')));
    const mapping = parseMapping(
      {
        ...BASE,
        columns: [
          { column: 'Case', target: 'reference_value_1' },
          { column: 'Zip', target: 'client.zip' },
          { column: 'SSN', target: 'subjects.0.custom_fields.104' },
          { column: 'Start time', target: 'reference_value_2' },
        ],
      },
      'm.json',
    );
    const outcomes = await collect(validateRows(sheet, mapping, { reference }));
    expect(
      outcomes.map((outcome) => [sent(outcome, 'client.zip'), sent(outcome, 'subjects.0.custom_fields.104')]),
    ).toEqual([
      ['03101', '012-34-5678'],
      ['80202', '123-45-6789'],
    ]);
    expect(outcomes.map((outcome) => sent(outcome, 'reference_value_2'))).toEqual(['14:30:00', '00:00:00']);
  });
});
