/**
 * Dialects for what an update answers (API-NOTES Tolerance, "Writes": "a PUT may answer `204` or
 * `{"success": true}` … Either is a write that happened").
 */
import type { Dialect } from './types.ts';

/** REST's "done, nothing to say": the update is stored, no body comes back. */
export const put204: Dialect = {
  name: 'put-204',
  summary: 'an update answered 204 No Content',
  answer: (answer, context) => (context.kind === 'update' ? { status: 204, body: null } : answer),
};

/** An acknowledgement instead of the record, as many hand-written PHP APIs answer. */
export const putSuccess: Dialect = {
  name: 'put-success',
  summary: 'an update answered 200 {"success": true}',
  answer: (answer, context) =>
    context.kind === 'update' ? { status: 200, body: { success: true } } : answer,
};
