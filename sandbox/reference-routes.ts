/**
 * Reference data (API-NOTES "Assumed" paths) and custom-field definitions (API-NOTES Known: `GET /fields`
 * with filters `id`, `name`, `field_type`, `field_type_tag`; `GET /fields/{id}`). Lists are bare arrays
 * paged like every list endpoint, so a client that reads only page 1 misses records, as it would for real.
 * An account file may serve a list at another path (`reference_paths`): then its assumed path is a 404.
 */
import type { AccountFile, SandboxReferenceKind } from './account-schema.ts';
import type { JsonAnswer } from './http-io.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './list-query.ts';
import type { ListMeta } from './route-types.ts';

type Listable = { id: number; name: string };

/** API-NOTES "Assumed" paths, as the client assumes them. */
export const ASSUMED_REFERENCE_PATHS: Record<SandboxReferenceKind, string> = {
  case_types: 'case/types',
  case_regions: 'case/regions',
  case_services: 'case/services',
  case_flags: 'case/flags',
  subject_types: 'subject/types',
  referral_sources: 'referral/sources',
  company_locations: 'company/locations',
  fields: 'fields',
};

/** The reference list this account serves at `path`, if any. */
export function referenceKindAt(path: string, account: AccountFile): SandboxReferenceKind | undefined {
  const paths = { ...ASSUMED_REFERENCE_PATHS, ...account.reference_paths };
  const kinds = Object.keys(paths) as SandboxReferenceKind[];
  return kinds.find((kind) => paths[kind].replace(/^\/+|\/+$/g, '') === path);
}

export function listReference(
  items: Listable[],
  params: URLSearchParams,
  isFields: boolean,
): { answer: JsonAnswer; meta?: ListMeta } {
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

function page(items: Listable[], params: URLSearchParams): { answer: JsonAnswer; meta?: ListMeta } {
  const pageNumber = wholeNumber(params.get('page')) ?? 1;
  const perPage = Math.min(MAX_PER_PAGE, wholeNumber(params.get('per_page')) ?? DEFAULT_PER_PAGE);
  const pageCount = Math.ceil(items.length / perPage);
  if (params.get('mode') === 'count') {
    return { answer: { status: 200, body: { record_count: items.length, page_count: pageCount } } };
  }
  const sorted = [...items].sort((a, b) => (params.get('dir') === 'desc' ? b.id - a.id : a.id - b.id));
  const start = (pageNumber - 1) * perPage;
  return {
    answer: { status: 200, body: structuredClone(sorted.slice(start, start + perPage)) },
    meta: { total: items.length, page: pageNumber, perPage, pageCount },
  };
}

function wholeNumber(raw: string | null): number | undefined {
  return raw && /^\d+$/.test(raw) ? Math.max(1, Number(raw)) : undefined;
}
