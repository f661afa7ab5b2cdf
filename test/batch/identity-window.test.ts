/**
 * How long after a lost send a request may still have been stored: the connection's timeout plus the
 * reconcile margin (a `--timeout` of 10 min widens it), so a request a slow server stored late is still
 * named for a row in doubt, not missed and created again (core's findByIdentity).
 */
import { describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import { findByIdentity } from '../../core/batch/identity-match.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const sentAt = '2026-12-05T10:00:00.000Z';
const body = { case_type_id: 1, client: { name: 'Acme Mutual Insurance' } };

/** A request created `after` seconds past the send, edited a minute later. */
function storedAfter(after: number): CaseRequestRecord {
  const at = (seconds: number) =>
    new Date(Date.parse(sentAt) + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return {
    id: 40,
    case_request_number: 'REQ-00040',
    case_type_id: 1,
    client: { name: 'Acme Mutual Insurance' },
    created_at: at(after),
    updated_at: at(after + 60),
  } as unknown as CaseRequestRecord;
}

describe('the window after a lost send', () => {
  it('is the default 30 s timeout plus the margin: a request stored 400 s later is not named', () => {
    const found = findByIdentity([storedAfter(400)], [{ row: 2, at: sentAt, body }]);
    expect(found.get(2)).toEqual({ kind: 'none' });
  });

  it("widens with the connection's timeout: with 10 min, the same request is named", () => {
    const found = findByIdentity([storedAfter(400)], [{ row: 2, at: sentAt, body }], { timeoutMs: 600_000 });
    expect(found.get(2)).toMatchObject({ kind: 'several', records: [{ id: 40 }] });
  });

  it('never reaches a request created long before the send', () => {
    const found = findByIdentity([storedAfter(-400)], [{ row: 2, at: sentAt, body }], { timeoutMs: 600_000 });
    expect(found.get(2)).toEqual({ kind: 'none' });
  });
});

describe("the connection's timeout reaches the searches", () => {
  it('is what the client waits per attempt: --timeout (timeoutSeconds), or an explicit option', () => {
    const connection = {
      baseUrl: 'http://127.0.0.1:9/api/v1',
      user: 'u',
      token: 't',
      words: CLI_CONNECTION_WORDS,
    };
    expect(createTrackopsApi({ ...connection, timeoutSeconds: 600 }).timeoutMs).toBe(600_000);
    expect(createTrackopsApi(connection, { timeoutMs: 5_000 }).timeoutMs).toBe(5_000);
    expect(createTrackopsApi(connection).timeoutMs).toBeUndefined();
  });
});
