import { describe, expect, it } from 'vitest';
import {
  buildExportFilters,
  filterFlag,
  FILTER_NAMES,
  InputError,
  type AccountReference,
} from '../../core/index.ts';
import { demoAccount } from './helpers.ts';

const now = new Date('2026-11-29T12:00:00Z');

describe('export filters from what a person types', () => {
  it('spells every API filter as a CONTRACTS flag', () => {
    expect(FILTER_NAMES.map(filterFlag)).toEqual([
      '--id',
      '--client',
      '--location',
      '--case-region',
      '--created-from',
      '--created-to',
      '--created-from-system',
      '--created-to-system',
      '--due-from',
      '--due-to',
      '--updated-from',
      '--updated-to',
      '--primary-contact',
      '--primary-subject',
      '--reference-value-1',
      '--reference-value-2',
      '--reference-value-3',
      '--series-number',
      '--case-request-number',
    ]);
  });

  it('types each filter: ids as numbers, dates resolved, timestamps as whole days, text kept', async () => {
    const reference: AccountReference = await demoAccount();
    expect(
      buildExportFilters(
        {
          id: '42',
          created_from: 'start-of-last-month',
          created_to: 'yesterday',
          updated_from: '-7d',
          created_to_system: '2026-11-01 08:30',
          reference_value_1: ' 000123 ',
          case_request_number: 'REQ-00042',
          case_region: '3',
          due_to: '',
        },
        { now, reference },
      ),
    ).toEqual({
      id: 42,
      case_region: 3,
      created_from: '2026-10-01',
      created_to: '2026-11-28',
      // A "to" to the minute runs through that minute's last second (explore 35 item 1).
      created_to_system: '2026-11-01 08:30:59',
      updated_from: '2026-11-22 00:00:00',
      reference_value_1: '000123',
      case_request_number: 'REQ-00042',
    });
  });

  it('refuses what cannot be meant, naming the flag and value', () => {
    const attempt = (raw: Parameters<typeof buildExportFilters>[0]) => () => buildExportFilters(raw, { now });
    expect(attempt({ series_number: '12a' })).toThrow(
      "--series-number '12a' must be one whole-number id, 1 or more, e.g. 42 (Trackops filters on one id, not a range or a list)",
    );
    expect(attempt({ due_from: '2026-13-01' })).toThrow(InputError);
    expect(attempt({ case_region: 'Mountain West' })).toThrow(/a region name needs a connection/);
    expect(attempt({ updated_from: '2026-11-02', updated_to: '2026-11-01' })).toThrow(
      /is after --updated-to/,
    );
  });
});
