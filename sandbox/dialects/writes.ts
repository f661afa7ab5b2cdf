/**
 * Dialects for what an update answers (API-NOTES Tolerance, "Writes": "a PUT may answer `204` or
 * `{"success": true}` … Either is a write that happened").
 */
import type { Dialect, DialectRequest } from './types.ts';

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

/** What the answer of a write that says it failed carries (a PHP form handler's refusal, answered 200). */
const SAID_FAILED = {
  success: false,
  message: 'The case request could not be saved.',
  errors: { client: { name: ['Client name is required'] } },
};

const isWrite = (request: DialectRequest) =>
  (request.method === 'POST' && request.path === 'case/requests') ||
  (request.method === 'PUT' && /^case\/requests\/[^/]+$/.test(request.path));

/** A refusal answered 200: the write is not stored, and only the body says so. */
export const writeSaidFailed: Dialect = {
  name: 'write-said-failed',
  summary: 'a create or update refused with 200 {"success": false, "message": …, "errors": …}, not stored',
  request: (request) => (isWrite(request) ? { status: 200, body: SAID_FAILED } : undefined),
};

/** A write stored, then answered as failed (a step after the save went wrong, e.g. a notification). */
export const writeStoredSaidFailed: Dialect = {
  name: 'write-stored-said-failed',
  summary: 'a create or update stored, yet answered 200 {"success": false, "message": …}',
  answer: (answer, context) =>
    context.kind === 'create' || context.kind === 'update'
      ? { status: 200, body: { success: false, message: 'The case request could not be saved.' } }
      : answer,
};
