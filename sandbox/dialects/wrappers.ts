/**
 * Dialects that put records, lists and counts under wrapper keys (API-NOTES Tolerance, "Shapes": "a
 * record may come bare or under one wrapper key (`casefile_request`, `CasefileRequest`, `data`, …); a
 * list may come bare or wrapped, with or without paging metadata"), and creates answered without one.
 */
import type { SandboxReferenceKind } from '../account-schema.ts';
import { eachRecord, isJson, type AnswerContext, type Dialect } from './types.ts';

/** The seed's own request bodies go under `casefile_request`; a server may answer the same way. */
export const wrappedRecords: Dialect = {
  name: 'wrapped-records',
  summary: 'every record, single or in a list, under "casefile_request"',
  answer: (answer, context) => eachRecord(answer, context, (record) => ({ casefile_request: record })),
};

/** CakePHP 2 (which the one older public example resembles) wraps each row under its model name. */
const CAKE_MODELS: Record<SandboxReferenceKind, string> = {
  case_types: 'CaseType',
  case_regions: 'CaseRegion',
  case_services: 'CaseService',
  case_flags: 'CaseFlag',
  referral_sources: 'ReferralSource',
  company_locations: 'CompanyLocation',
  subject_types: 'SubjectType',
  fields: 'Field',
};

export const cakephp: Dialect = {
  name: 'cakephp',
  summary:
    'CakePHP model keys: {"CasefileRequest": {...}} for records, {"CaseType": {...}} for reference items',
  answer: (answer, context) => {
    if (context.kind === 'reference-list' && Array.isArray(answer.body) && context.referenceKind) {
      const model = CAKE_MODELS[context.referenceKind];
      return { ...answer, body: answer.body.map((item) => ({ [model]: item })) };
    }
    if (context.kind === 'field' && isJson(answer.body)) return { ...answer, body: { Field: answer.body } };
    return eachRecord(answer, context, (record) => ({ CasefileRequest: record }));
  },
};

/** A create answered under a key nobody told us about (our reader must find the record anyway). */
export const postWrappedUnknown: Dialect = {
  name: 'post-wrapped-unknown',
  summary: 'a create answered {"status": "created", "casefile": {...}}: a wrapper key not assumed anywhere',
  answer: (answer, context) =>
    context.kind === 'create' ? { ...answer, body: { status: 'created', casefile: answer.body } } : answer,
};

/** A create answered with an acknowledgement and no record: the id must be looked up. */
export const postNoRecord: Dialect = {
  name: 'post-no-record',
  summary: 'a create answered 201 {"success": true} without the record or its id',
  answer: (answer, context) =>
    context.kind === 'create'
      ? { ...answer, body: { success: true, message: 'Case request saved.' } }
      : answer,
};

/** Laravel resources and many JSON:API-ish servers put lists under `data`. */
export const listData: Dialect = {
  name: 'list-data',
  summary: 'every list (case requests and reference lists) as {"data": [...]}',
  answer: (answer, context) => (isList(context) ? { ...answer, body: { data: answer.body } } : answer),
};

/** Laravel's paginator: the list under `data`, beside `meta` and `links`. */
export const listDataMeta: Dialect = {
  name: 'list-data-meta',
  summary:
    'every list as {"data": [...], "meta": {total, per_page, current_page, last_page}, "links": {...}}',
  answer: (answer, context) => {
    if (!isList(context) || !context.meta) return answer;
    const { total, page, perPage, pageCount } = context.meta;
    const at = (n: number) => `/api/v1/${context.request.path}?page=${n}&per_page=${perPage}`;
    return {
      ...answer,
      body: {
        data: answer.body,
        meta: { total, per_page: perPage, current_page: page, last_page: Math.max(1, pageCount) },
        links: {
          first: at(1),
          last: at(Math.max(1, pageCount)),
          next: page < pageCount ? at(page + 1) : null,
        },
      },
    };
  },
};

export const countWrapped: Dialect = {
  name: 'count-wrapped',
  summary: 'mode=count answered {"data": {"record_count": N, "page_count": M}}',
  answer: (answer, context) => (isCount(context) ? { ...answer, body: { data: answer.body } } : answer),
};

/** A count endpoint that knows the total but not the paging (or leaves it to the client). */
export const countPartial: Dialect = {
  name: 'count-partial',
  summary: 'mode=count answered {"record_count": N} without page_count',
  answer: (answer, context) =>
    isCount(context) && isJson(answer.body)
      ? { ...answer, body: { record_count: answer.body.record_count } }
      : answer,
};

function isList(context: AnswerContext): boolean {
  return context.kind === 'list' || context.kind === 'reference-list';
}

function isCount(context: AnswerContext): boolean {
  return context.kind === 'count' || context.kind === 'reference-count';
}
