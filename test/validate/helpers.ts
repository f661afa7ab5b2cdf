import { readFileSync } from 'node:fs';
import type { AccountReference, Cell, Mapping, SheetSource, SourceRow } from '../../core/index.ts';
import { parseMapping } from '../../core/index.ts';
import { headerRepeatMarker, headerRepeatTest } from '../../core/read/header-repeats.ts';

/** The demo account of samples/ (the sandbox serves the same data) as reference data. */
export function demoReference(): AccountReference {
  const account = JSON.parse(
    readFileSync(new URL('../../samples/demo-account.json', import.meta.url), 'utf8'),
  );
  const {
    case_types,
    case_regions,
    case_services,
    case_flags,
    referral_sources,
    company_locations,
    subject_types,
    fields,
  } = account;
  return {
    case_types,
    case_regions,
    case_services,
    case_flags,
    referral_sources,
    company_locations,
    subject_types,
    fields,
  };
}

/** An in-memory sheet: rows numbered from 2 under a header in row 1, as a person sees them. */
export function sheetOf(headers: string[], rows: Cell[][], fileName = 'referrals.csv'): SheetSource {
  const headerRepeat = headerRepeatTest(headers, headers.length);
  // Marked as the reader marks them: rows repeating the header, and the rows below a reordered one.
  const mark = headerRepeatMarker(headerRepeat);
  const sourceRows: SourceRow[] = rows.map((cells, index) => ({ row: index + 2, cells }));
  sourceRows.forEach(mark);
  return {
    fileName,
    format: 'csv',
    sheet: null,
    sheets: [],
    headerRow: 1,
    headers,
    headerRepeat,
    async *rows() {
      yield* sourceRows;
    },
    async *rowBatches() {
      // Small batches, so that a consumer's handling of batch boundaries is exercised too.
      for (let start = 0; start < sourceRows.length; start += 3) yield sourceRows.slice(start, start + 3);
    },
    blankRowsSkipped: () => 0,
    hiddenRows: () => [],
    hiddenColumns: [],
    filtered: false,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A create mapping over the demo account using every kind of target and most options. */
export const CREATE_MAPPING: Mapping = parseMapping(
  {
    version: 1,
    mode: 'create',
    match: 'reference_value_1',
    constants: { case_type_id: 'Surveillance', 'client.country': 'US' },
    subjects: [
      { subject_type_id: 1, is_primary: true, is_pinned: true },
      { subject_type_id: 'Vehicle', is_primary: false, is_pinned: false },
    ],
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
      { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
      { column: 'Services', target: 'case_services_list', split: ';', lookup: 'case_services' },
      { column: 'Client', target: 'client.name' },
      { column: 'Adjuster', target: 'contact.last_name' },
      { column: 'Adjuster Email', target: 'contact.email' },
      { column: 'Adjuster Phone', target: 'contact.phone_office', parse: 'phone' },
      { column: 'Priority', target: 'custom_fields.12', values: { Rush: 'High', '': 'Normal' } },
      { column: 'Budget', target: 'budget_money', parse: 'number' },
      { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
      { column: 'Claimant DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YY' },
      { column: 'Claimant Street', target: 'subjects.0.custom_fields.107.address_1' },
      { column: 'Claimant City', target: 'subjects.0.custom_fields.107.city' },
      { column: 'Plate', target: 'subjects.1.custom_fields.201' },
    ],
  },
  'create.json',
);

export const CREATE_HEADERS = CREATE_MAPPING.columns.map((column) => column.column);

export const GOOD_ROW: Record<string, Cell> = {
  'Claim #': 'CLM-100',
  Received: '3/4/2026',
  Region: ' mountain  west ',
  Services: 'Surveillance; Skip Trace;',
  Client: 'Acme Insurance',
  Adjuster: 'Adjuster',
  'Adjuster Email': 'joe@acme.example',
  'Adjuster Phone': '(555) 123-4567',
  Priority: 'rush',
  Budget: '$1,500.00',
  Claimant: 'Doe, John B',
  'Claimant DOB': '10/30/79',
  'Claimant Street': '2000 Blake St',
  'Claimant City': 'Denver',
  Plate: '',
};

export function cellsOf(values: Record<string, Cell>, headers = CREATE_HEADERS): Cell[] {
  return headers.map((header) => values[header] ?? null);
}

/**
 * Constants for every field a create requires: a mapping with these and a column or two under test
 * validates rows on those columns alone.
 */
export const REQUIRED_CONSTANTS = {
  case_type_id: 1,
  case_region_id: 1,
  created_on: '2026-01-02',
  'client.name': 'Acme',
  'client.country': 'US',
  'contact.last_name': 'Roe',
  'contact.email': 'roe@acme.example',
} as const;
