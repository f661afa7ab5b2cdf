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
  it('refuses a region name two regions answer to, and asks for an id, not the name refused (explore 54 item 7)', async () => {
    const account = await demoAccount();
    const reference: AccountReference = {
      ...account,
      case_regions: [...account.case_regions, { id: 8, name: 'SOUTHWEST ' }],
    };
    const southwest = account.case_regions.find((region) => region.name === 'Southwest')!;
    expect(() => buildExportFilters({ case_region: 'southwest' }, { now, reference })).toThrow(
      "--case-region 'southwest' matches several case regions (names are matched whatever their letter case and spaces): " +
        `'Southwest' (id ${southwest.id}), 'SOUTHWEST ' (id 8, a space at its end); ` +
        `give the id of the one you mean (--case-region ${southwest.id} or --case-region 8)`,
    );
    // Given as the id, the same region is exported.
    expect(buildExportFilters({ case_region: '8' }, { now, reference })).toMatchObject({ case_region: 8 });
    // A name whose accent is stored as a separate mark is the account's name (explore 54 item 6).
    const accented: AccountReference = { ...account, case_regions: [{ id: 9, name: 'Montr\u00e9al' }] };
    expect(buildExportFilters({ case_region: 'Montre\u0301al' }, { now, reference: accented })).toMatchObject(
      {
        case_region: 9,
      },
    );
  });
});
