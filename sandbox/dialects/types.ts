/**
 * A dialect: one plausible way the real API may differ from what we assumed (API-NOTES "Assumed"),
 * applied at the edge of the sandbox: a request is changed before it is routed, or an answer after.
 * The store, the routes and the validation stay one, so every dialect holds the same data.
 */
import type { AccountFile, SandboxReferenceKind } from '../account-schema.ts';
import type { JsonAnswer } from '../http-io.ts';
import type { ListMeta, TextFilterMatch } from '../route-types.ts';

export type AnswerKind =
  | 'list'
  | 'count'
  | 'record'
  | 'create'
  | 'update'
  | 'reference-list'
  | 'reference-count'
  | 'field'
  | 'refusal'
  | 'server-error'
  | 'other';

export interface DialectRequest {
  method: string;
  /** Below /api/v1, without slashes at either end. */
  path: string;
  params: URLSearchParams;
  textFilter: TextFilterMatch;
}

export interface AnswerContext {
  kind: AnswerKind;
  request: DialectRequest;
  account: AccountFile;
  meta: ListMeta | undefined;
  /** For reference answers: which list. */
  referenceKind: SandboxReferenceKind | undefined;
}

export interface Dialect {
  name: string;
  /** What it changes, in one line (--help, sandbox/README.md says why it is plausible). */
  summary: string;
  /** Changes the request before it is routed, or answers it (e.g. a path the account lacks). */
  request?(request: DialectRequest, account: AccountFile): JsonAnswer | void;
  /** Changes the answer before it is sent. */
  answer?(answer: JsonAnswer, context: AnswerContext): JsonAnswer;
}

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `change` to each record an answer carries (a single record, or each item of a list). */
export function eachRecord(
  answer: JsonAnswer,
  context: AnswerContext,
  change: (record: Json) => unknown,
): JsonAnswer {
  if (context.kind === 'list' && Array.isArray(answer.body))
    return { ...answer, body: answer.body.map((record) => (isJson(record) ? change(record) : record)) };
  if (['record', 'create', 'update'].includes(context.kind) && isJson(answer.body))
    return { ...answer, body: change(answer.body) };
  return answer;
}

/** Applies `change` to each custom-field entry of a record, case-level and on subjects. */
export function eachCustomField(record: Json, change: (entry: Json) => Json): Json {
  const fields = (list: unknown) =>
    Array.isArray(list) ? list.map((entry) => (isJson(entry) ? change(entry) : entry)) : list;
  const copy: Json = { ...record, custom_fields: fields(record.custom_fields) };
  if (Array.isArray(record.subjects))
    copy.subjects = record.subjects.map((subject) =>
      isJson(subject) ? { ...subject, custom_fields: fields(subject.custom_fields) } : subject,
    );
  return copy;
}
