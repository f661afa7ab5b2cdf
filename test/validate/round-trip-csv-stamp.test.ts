/**
 * A round-trip CSV's updated_at against the request's (validate/round-trip-csv-stamp.ts): the cases the
 * CLI test over the sandbox does not reach. A server stamping local time whose zone the client learnt
 * after the export (the file's stamps hours from the record's: the row's created_at shows by how much),
 * a short form whose day order the file does not prove, and a stamp that went back.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import { newFileDayOrder } from '../../core/mapping/spreadsheet-dates.ts';
import { exportStampVerdict } from '../../core/validate/round-trip-csv-stamp.ts';

const record = (updated_at: string, created_at = '2026-06-01 09:00:00') =>
  ({ id: 7, case_request_number: 'REQ-00007', updated_at, created_at }) as CaseRequestRecord;
const verdict = (updatedAt: string, stored: CaseRequestRecord, createdAt: string | null = null) =>
  exportStampVerdict(5, { updatedAt, createdAt }, stored, newFileDayOrder());

describe('a round-trip CSV row’s updated_at', () => {
  it('is the same stamp, or a later one (a conflict naming both)', () => {
    expect(verdict('2026-06-30 10:48:17', record('2026-06-30 10:48:17')).kind).toBe('same');
    const moved = verdict('2026-06-30 10:48:17', record('2026-06-30 10:48:18'));
    expect(moved.kind === 'refused' && moved.problem).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(
        "REQ-00007 (id 7) was changed in Trackops after this file was exported (its updated_at is now 2026-06-30 10:48:18, this file's is 2026-06-30 10:48:17)",
      ),
    });
  });

  it('reads the file in the record’s frame when the zone was learnt after the export (by created_at)', () => {
    // Exported while the local stamps (UTC−05:00) were taken as UTC; read now in UTC, 5 hours later.
    const exported = { updatedAt: '2026-06-30 10:48:17', createdAt: '2026-06-01 04:00:00' };
    const order = newFileDayOrder();
    expect(exportStampVerdict(5, exported, record('2026-06-30 15:48:17'), order).kind).toBe('same');
    expect(exportStampVerdict(5, exported, record('2026-06-30 15:50:00'), order).kind).toBe('refused');
    // East of UTC: read now 2 hours earlier; a colleague's edit an hour after the export still counts.
    const east = { updatedAt: '2026-06-30 10:48:17', createdAt: '2026-06-01 11:00:00' };
    expect(exportStampVerdict(5, east, record('2026-06-30 08:48:17'), order).kind).toBe('same');
    expect(exportStampVerdict(5, east, record('2026-06-30 09:50:00'), order).kind).toBe('refused');
  });

  it('takes a stamp saved to the minute as unchanged within it, a guess, and a later minute as moved', () => {
    const same = verdict('6/30/2026 10:48', record('2026-06-30 10:48:59'));
    expect(same.kind === 'guess' && same.note.message).toContain('only to the minute');
    expect(verdict('6/30/2026 10:48', record('2026-06-30 10:49:00')).kind).toBe('refused');
    expect(verdict('6/30/2026 10:48 PM', record('2026-06-30 22:48:05')).kind).toBe('guess');
  });

  it('reads a day order the file does not prove both ways: moved only when past every reading', () => {
    // 6/7/2026 is June 7 or July 6; a stamp can only move forward.
    expect(verdict('6/7/2026 10:48', record('2026-07-06 10:48:30')).kind).toBe('guess');
    expect(verdict('6/7/2026 10:48', record('2026-06-07 10:48:30')).kind).toBe('guess');
    const between = verdict('6/7/2026 10:48', record('2026-06-20 08:00:00'));
    expect(between.kind === 'refused' && between.problem.code).toBe('conflict');
  });

  it('refuses a row whose stamp cannot be read, or is later than the request’s (stamps never go back)', () => {
    for (const given of ['', 'yesterday', '6/30/2026'])
      expect(verdict(given, record('2026-06-30 10:48:17'))).toMatchObject({
        kind: 'refused',
        problem: { code: 'export_stamp_unread' },
      });
    const none = verdict('2026-06-30 10:48:17', {
      id: 7,
      case_request_number: 'REQ-00007',
    } as CaseRequestRecord);
    expect(none.kind === 'refused' && none.problem.message).toContain(
      'Trackops now gives no updated_at for REQ-00007',
    );
    const back = verdict('2026-07-01 00:00:00', record('2026-06-30 10:48:17'));
    expect(back.kind === 'refused' && back.problem.message).toContain('which never goes back');
  });

  it('checks nothing where Trackops gives no updated_at and the file holds none', () => {
    expect(
      exportStampVerdict(5, { updatedAt: '', createdAt: null }, { id: 7 } as CaseRequestRecord, undefined)
        .kind,
    ).toBe('same');
  });
});
