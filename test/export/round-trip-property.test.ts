/**
 * Property: whatever text, numbers and dates a request holds, a round-trip XLSX read straight back
 * shows no edits. A false "changed" cell would send an update nobody asked for, so the hash of each
 * cell as written must equal the hash of the cell as read (leading zeros, formula-like text, unicode,
 * surrounding spaces, long notes, negative and fractional numbers, dates near the epoch edges).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  exportCaseRequests,
  prepareRoundTripImport,
  type CaseRequestRecord,
  type RowOutcome,
} from '../../core/index.ts';
import { demoAccount, fileSource, recordsApi } from './helpers.ts';

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^0\d{1,9}$/),
  fc.constantFrom('=1+2', '+44 20 7946 0000', '-5', '@SUM(A1)', '  padded  ', 'TRUE', '1e5', '00123', ''),
);
const day = fc
  .date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('round-trip XLSX read straight back', () => {
  it('shows no edited cell for any exported values', async () => {
    const account = await demoAccount();
    const base = account.case_requests[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'rt-property-'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            notes: text,
            reference: text,
            zip: text,
            city: text,
            hours: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            due: day,
            dateOfLoss: day,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (values) => {
          const records: CaseRequestRecord[] = values.map((value, index) => ({
            ...structuredClone(base),
            id: index + 1,
            notes: value.notes,
            reference_value_1: value.reference,
            due_on: value.due,
            client: { ...base.client, zip: value.zip, city: value.city },
            custom_fields: [
              { id: 13, value: value.hours },
              { id: 15, value: value.dateOfLoss },
            ],
          }));
          const out = join(dir, `run-${runs++}.xlsx`);
          await exportCaseRequests({
            api: recordsApi(records),
            filters: {},
            format: 'xlsx',
            preset: 'round-trip',
            out,
            reference: account,
            accountLabel: 'property',
          });
          const unused = async (): Promise<never> => {
            throw new Error('no request should be needed when nothing changed');
          };
          const plan = (await prepareRoundTripImport(
            fileSource(out),
            { listCaseRequests: unused, countCaseRequests: unused, getReference: unused },
            { waysOut: CLI_WAYS_OUT, reference: account },
          ))!;
          const outcomes: RowOutcome[] = [];
          for await (const outcome of plan.outcomes) outcomes.push(outcome);
          expect(outcomes).toEqual([]);
          expect(plan.summary()).toMatchObject({ rows: records.length, unchanged: records.length });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('reads long multi-byte text whole, however the file is cut into chunks', async () => {
    // exceljs's streaming reader, which the round trip used before issue 14, split a character whose
    // bytes straddled two chunks: the cell read back differed from the export and was sent as an edit.
    const account = await demoAccount();
    const base = account.case_requests[0]!;
    const records: CaseRequestRecord[] = Array.from({ length: 12 }, (_, index) => ({
      ...structuredClone(base),
      id: index + 1,
      notes: `${'é'.repeat(997 + index)}${'😀'.repeat(3001 + index)}${'中文'.repeat(2003)}`,
      reference_value_1: `${'ü'.repeat(index + 1)}-${index}`,
    }));
    const out = join(await mkdtemp(join(tmpdir(), 'rt-multibyte-')), 'multibyte.xlsx');
    await exportCaseRequests({
      api: recordsApi(records),
      filters: {},
      format: 'xlsx',
      preset: 'round-trip',
      out,
      reference: account,
      accountLabel: 'multibyte',
    });
    const unused = async (): Promise<never> => {
      throw new Error('no request should be needed when nothing changed');
    };
    const plan = (await prepareRoundTripImport(
      fileSource(out),
      { listCaseRequests: unused, countCaseRequests: unused, getReference: unused },
      { waysOut: CLI_WAYS_OUT, reference: account },
    ))!;
    const outcomes: RowOutcome[] = [];
    for await (const outcome of plan.outcomes) outcomes.push(outcome);
    expect(outcomes).toEqual([]);
    expect(plan.summary()).toMatchObject({ rows: records.length, unchanged: records.length });
  });
});
