/**
 * The sandbox's dialects (CONTRACTS section 4, `--dialect NAME[,NAME…]`): every documented variation
 * of the unpublished half of the API, applied at the edge of the server (sandbox/README.md says why
 * each is plausible). Several combine; they apply in the order listed here, whatever order they are
 * named in.
 */
import { InputError } from '../../core/errors.ts';
import type { AccountFile } from '../account-schema.ts';
import type { JsonAnswer } from '../http-io.ts';
import { referenceKindAt } from '../reference-routes.ts';
import type { ListMeta } from '../route-types.ts';
import { errors400, errorsList, errorsNested, html5xx } from './errors.ts';
import { fieldsNoChoices, fieldsVariant } from './fields.ts';
import { cap25, fuzzyFilters, ignoredFilters, missingReference } from './requests.ts';
import type { AnswerContext, AnswerKind, Dialect, DialectRequest } from './types.ts';
import { datesMidnight, flattenComposites, isoDates, keyedCollections, strings } from './values.ts';
import { put204, putSuccess, writeSaidFailed, writeStoredSaidFailed } from './writes.ts';
import {
  cakephp,
  countPartial,
  countWrapped,
  listData,
  listDataMeta,
  postNoRecord,
  postWrappedUnknown,
  wrappedRecords,
} from './wrappers.ts';

export type { Dialect, DialectRequest } from './types.ts';

/** In the order they apply (record contents, then record wrappers, then whole answers, then errors). */
export const DIALECTS: readonly Dialect[] = [
  cap25,
  missingReference,
  fuzzyFilters,
  ignoredFilters,
  fieldsVariant,
  fieldsNoChoices,
  datesMidnight,
  isoDates,
  flattenComposites,
  strings,
  keyedCollections,
  wrappedRecords,
  cakephp,
  postWrappedUnknown,
  postNoRecord,
  listData,
  listDataMeta,
  countPartial,
  countWrapped,
  put204,
  putSuccess,
  writeSaidFailed,
  writeStoredSaidFailed,
  errorsNested,
  errorsList,
  errors400,
  html5xx,
];

/** `cap-25,strings` (or a list of names) as dialects; an unknown name is refused with the known ones. */
export function parseDialects(names: string | readonly string[]): Dialect[] {
  const wanted = (typeof names === 'string' ? names.split(',') : [...names])
    .map((name) => name.trim())
    .filter(Boolean);
  const chosen: Dialect[] = [];
  for (const name of wanted) {
    const dialect = DIALECTS.find((known) => known.name === name);
    if (!dialect)
      throw new InputError(
        'sandbox_bad_dialect',
        `--dialect '${name}' is not a dialect of the sandbox; choose from: ${DIALECTS.map((known) => known.name).join(', ')}`,
      );
    if (!chosen.includes(dialect)) chosen.push(dialect);
  }
  // Applied in the registry's order whatever order they are named in: e.g. numbers become strings
  // after composite values are flattened (which looks fields up by numeric id), counts lose page_count
  // before they are wrapped.
  return chosen.sort((a, b) => DIALECTS.indexOf(a) - DIALECTS.indexOf(b));
}

/** The dialects one server speaks, applied to each request and answer. */
export class DialectSet {
  constructor(readonly dialects: readonly Dialect[]) {}

  get names(): string[] {
    return this.dialects.map((dialect) => dialect.name);
  }

  /** Changes the request in place; an answer when a dialect answers it itself. */
  request(request: DialectRequest, account: AccountFile): JsonAnswer | undefined {
    for (const dialect of this.dialects) {
      const early = dialect.request?.(request, account);
      if (early) return early;
    }
    return undefined;
  }

  answer(answer: JsonAnswer, request: DialectRequest, account: AccountFile, meta?: ListMeta): JsonAnswer {
    if (this.dialects.length === 0) return answer;
    const context: AnswerContext = {
      ...answerKind(request, answer.status, account),
      request,
      account,
      meta,
    };
    return this.dialects.reduce((changed, dialect) => dialect.answer?.(changed, context) ?? changed, answer);
  }
}

function answerKind(
  request: DialectRequest,
  status: number,
  account: AccountFile,
): Pick<AnswerContext, 'kind' | 'referenceKind'> {
  const none = { referenceKind: undefined };
  const kind = (value: AnswerKind) => ({ kind: value, ...none });
  if (status === 422 || status === 400) return kind('refusal');
  if (status >= 500) return kind('server-error');
  if (status < 200 || status >= 300) return kind('other');
  const { method, path } = request;
  const counting = request.params.get('mode') === 'count';
  if (path === 'case/requests' || path === 'cases') {
    if (method === 'POST') return kind('create');
    return kind(counting ? 'count' : 'list');
  }
  if (/^case\/requests\/[^/]+$/.test(path)) return kind(method === 'PUT' ? 'update' : 'record');
  if (/^fields\/[^/]+$/.test(path)) return kind('field');
  const referenceKind = referenceKindAt(path, account);
  if (referenceKind) return { kind: counting ? 'reference-count' : 'reference-list', referenceKind };
  return kind('other');
}
