/**
 * Reference data (API-NOTES "Assumed" paths) and custom-field definitions (API-NOTES Known: `GET /fields`
 * with filters `id`, `name`, `field_type`, `field_type_tag`; `GET /fields/{id}`). Lists are bare arrays
 * paged like every list endpoint, so a client that reads only page 1 misses records, as it would for real.
 */
import type { AccountFile } from './account-schema.ts';
import type { JsonAnswer } from './http-io.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './list-query.ts';

type Listable = { id: number; name: string };

export const REFERENCE_PATHS: Record<string, (account: AccountFile) => Listable[]> = {
  'case/types': (account) => account.case_types,
  'case/regions': (account) => account.case_regions,
  'case/services': (account) => account.case_services,
  'case/flags': (account) => account.case_flags,
  'subject/types': (account) => account.subject_types,
  'referral/sources': (account) => account.referral_sources,
  'company/locations': (account) => account.company_locations,
  fields: (account) => account.fields,
};

export function listReference(items: Listable[], params: URLSearchParams, isFields: boolean): JsonAnswer {
  let selected = items;
  const id = params.get('id');
  if (id) selected = selected.filter((item) => String(item.id) === id.trim());
  const name = params.get('name');
  if (name)
    selected = selected.filter((item) => item.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (isFields) {
    for (const key of ['field_type', 'field_type_tag']) {
      const tag = params.get(key);
      if (tag)
        selected = selected.filter(
          (item) => (item as { field_type_tag?: string }).field_type_tag === tag.trim().toUpperCase(),
        );
    }
  }
  return page(selected, params);
}

function page(items: Listable[], params: URLSearchParams): JsonAnswer {
  const pageNumber = wholeNumber(params.get('page')) ?? 1;
  const perPage = Math.min(MAX_PER_PAGE, wholeNumber(params.get('per_page')) ?? DEFAULT_PER_PAGE);
  if (params.get('mode') === 'count') {
    return {
      status: 200,
      body: { record_count: items.length, page_count: Math.ceil(items.length / perPage) },
    };
  }
  const sorted = [...items].sort((a, b) => (params.get('dir') === 'desc' ? b.id - a.id : a.id - b.id));
  const start = (pageNumber - 1) * perPage;
  return { status: 200, body: structuredClone(sorted.slice(start, start + perPage)) };
}

function wholeNumber(raw: string | null): number | undefined {
  return raw && /^\d+$/.test(raw) ? Math.max(1, Number(raw)) : undefined;
}
