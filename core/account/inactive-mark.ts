/**
 * Reference items a server marks as not in use (explore 54 item 5): a region retired, a location closed,
 * a case type archived. Whether Trackops sends such a member at all is not known (API-NOTES: reference
 * items are assumed to be `{id, name}`, nothing more); other APIs write it as `is_active: false`,
 * `active: 0`, `archived: true` or `status: "inactive"`. So it is read wherever it comes, and what it
 * says is never acted on by a guess: `check` names the members it saw, a row landing on such an item
 * says so (it is still sent: the tool cannot tell whether Trackops takes it), and an ambiguity between
 * an active and an inactive item says which is which.
 */
import { toBoolean } from '../api/read-values.ts';

/** Members of the well-known family, as other APIs write them; `true` when the member says "in use". */
const ACTIVE_WHEN_TRUE = ['is_active', 'active', 'enabled', 'is_enabled'];
const INACTIVE_WHEN_TRUE = [
  'archived',
  'is_archived',
  'disabled',
  'is_disabled',
  'deleted',
  'is_deleted',
  'retired',
];
const INACTIVE_WHEN_SET = ['archived_at', 'deleted_at', 'disabled_at'];
/** `status` values that mean "not in use" (compared in lower case). */
const INACTIVE_STATUS = new Set(['inactive', 'archived', 'disabled', 'deleted', 'retired', 'closed']);

/** Every member of the family, for `check`'s words. */
export const ACTIVITY_MEMBERS = [...ACTIVE_WHEN_TRUE, ...INACTIVE_WHEN_TRUE, ...INACTIVE_WHEN_SET, 'status'];

/**
 * The member that marks `item` as not in use, as the server wrote it (`"is_active": false`), or null
 * when none does. A member whose value cannot be read as yes or no is not taken as a mark.
 */
export function inactiveMark(item: object): string | null {
  const members = item as Record<string, unknown>;
  const shown = (key: string) => `"${key}": ${JSON.stringify(members[key])}`;
  // An empty text says nothing either way (toBoolean reads it as false).
  const said = (key: string) => members[key] !== undefined && members[key] !== '';
  for (const key of ACTIVE_WHEN_TRUE) if (said(key) && toBoolean(members[key]) === false) return shown(key);
  for (const key of INACTIVE_WHEN_TRUE) if (said(key) && toBoolean(members[key]) === true) return shown(key);
  for (const key of INACTIVE_WHEN_SET) {
    const value = members[key];
    if (value !== undefined && value !== null && value !== '' && value !== false) return shown(key);
  }
  const status = members.status;
  if (typeof status === 'string' && INACTIVE_STATUS.has(status.trim().toLowerCase())) return shown('status');
  return null;
}
