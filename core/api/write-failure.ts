/**
 * A 2xx write answer that says, in its body, that the write failed: `{"success": false, "message":
 * "Client name is required"}`. Hand-written PHP APIs often answer a refused form with 200 and such a
 * body. The answer is still a 2xx, so the write is never sent again (API-NOTES Tolerance, "Writes":
 * "Either is a write that happened"); but the server's own words contradict "done", so the runner
 * looks before calling the row done (batch/send-row.ts) and tells the clerk what the server said.
 *
 * Only a body that says so in one of the common ways counts: `success`/`ok` false, `status`/`result`
 * "error"/"fail", or an `error`/`errors` member with something in it. A body we merely cannot read
 * (`{"success": true}`, a 204, an unknown wrapper) says nothing of failure and stays a write done.
 */
import { fieldErrorsOf, fieldErrorsText, messageOf, UNNAMED_FIELD } from './error-bodies.ts';
import { isObject } from './read-values.ts';
import type { FailureSaid } from './types.ts';

const FALSE_WORDS = new Set(['false', '0', 'no']);
const FAILURE_STATUS_WORDS = new Set(['error', 'fail', 'failed', 'failure']);
const TRUE_WORDS = new Set(['true', '1', 'yes']);
const DONE_STATUS_WORDS = new Set(['ok', 'success', 'succeeded', 'done', 'updated', 'created', 'saved']);

/** What the body says went wrong, or null when it does not say the write failed. */
export function failureSaid(body: unknown): FailureSaid | null {
  if (!isObject(body) || !saysFailure(body)) return null;
  const message = messageOf(body);
  const fields = fieldErrorsOf(body);
  const detail = fieldErrorsText(fields);
  const field = Object.keys(fields).find((path) => path !== UNNAMED_FIELD) ?? null;
  if (message && detail && !message.includes(detail)) return { words: `${message} (${detail})`, field };
  return { words: message ?? (detail || JSON.stringify(body)), field };
}

function saysFailure(body: Record<string, unknown>): boolean {
  for (const key of ['success', 'ok']) {
    const value = body[key];
    if (value === false || value === 0) return true;
    if (typeof value === 'string' && FALSE_WORDS.has(value.trim().toLowerCase())) return true;
  }
  for (const key of ['status', 'result']) {
    const value = body[key];
    if (typeof value === 'string' && FAILURE_STATUS_WORDS.has(value.trim().toLowerCase())) return true;
  }
  return hasContent(body.error) || hasContent(body.errors);
}

function hasContent(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/**
 * Whether a 2xx body without the record is an acknowledgement the API-NOTES name ("Writes": a PUT may
 * answer `204` or `{"success": true}`): empty, or saying done in one of the common ways (`success`/`ok`
 * true, `status`/`result` "ok", "success", "updated" …) and nothing that says it failed. Anything else
 * (a gateway's `{"status": "maintenance", "message": …}`, explore 29 item 3) says nothing of the write:
 * the caller reads the request back instead of calling it done.
 */
export function acknowledges(body: unknown): boolean {
  if (body === undefined) return true;
  if (!isObject(body) || saysFailure(body)) return false;
  for (const key of ['success', 'ok']) {
    const value = body[key];
    if (value === true || value === 1) return true;
    if (typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase())) return true;
  }
  for (const key of ['status', 'result']) {
    const value = body[key];
    if (typeof value === 'string' && DONE_STATUS_WORDS.has(value.trim().toLowerCase())) return true;
  }
  return false;
}
