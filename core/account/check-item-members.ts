/**
 * What `check` says of a reference list's items beyond `{id, name}` (explore 54 item 5): the tool reads
 * only the members API-NOTES names, and a server may send more. A member of the "not in use" family
 * (inactive-mark.ts: `is_active`, `active`, `archived`, `status`, …) is named with the items it marks and
 * what the tool does with them; any other member is named as not read. Whether Trackops sends such
 * members is not known: this is where a real account says.
 */
import { isObject } from '../api/read-values.ts';
import { ACTIVITY_MEMBERS, inactiveMark } from './inactive-mark.ts';

/** Members the tool reads on some reference list (api/read-fields.ts toReferenceItem, reference.ts). */
const READ = new Set([
  'id',
  'name',
  'label',
  'title',
  'is_default',
  'reference_label_1',
  'reference_label_2',
  'reference_label_3',
  'field_ids',
  'subject_type_id',
]);
const SHOWN_ITEMS = 5;

/** Words to add to the list's "found", or null when its items hold nothing beyond what is read. */
export function itemMembersWords(items: readonly unknown[]): string | null {
  const records = items.filter(isObject);
  const family = new Set<string>();
  const unread = new Set<string>();
  for (const record of records)
    for (const key of Object.keys(record)) {
      if (ACTIVITY_MEMBERS.includes(key)) family.add(key);
      else if (!READ.has(key)) unread.add(key);
    }
  const parts: string[] = [];
  if (family.size) {
    const marked = records.flatMap((record) => {
      const mark = inactiveMark(record);
      return mark === null ? [] : [`${String(record.name ?? '')} (id ${String(record.id)}, ${mark})`];
    });
    const listed =
      marked.length > SHOWN_ITEMS
        ? `${marked.slice(0, SHOWN_ITEMS).join(', ')} and ${marked.length - SHOWN_ITEMS} more`
        : marked.join(', ');
    parts.push(
      `items carry ${[...family].map((key) => `"${key}"`).join(', ')}, which the tool does not assume; ` +
        (marked.length
          ? `${marked.length} marked not in use: ${listed}. A row naming one is still sent, with a note saying so ` +
            '(whether Trackops takes such an item is not known), and a name shared by an active and an inactive item ' +
            'is refused as ambiguous, saying which is which'
          : 'none marks an item as not in use'),
    );
  }
  if (unread.size) parts.push(`members not read: ${[...unread].map((key) => `"${key}"`).join(', ')}`);
  return parts.length ? parts.join('; ') : null;
}
