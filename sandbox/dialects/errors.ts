/**
 * Dialects for error answers (API-NOTES Tolerance, "Errors": "`422` or `400` with errors flat, nested,
 * or as a list of `{field, message}`; HTML bodies on gateways' `5xx`").
 */
import type { JsonAnswer } from '../http-io.ts';
import { isJson, type Dialect, type Json } from './types.ts';

/** Rails/Symfony-style: the errors nested by object path, under an `error` object. */
export const errorsNested: Dialect = {
  name: 'errors-nested',
  summary: 'validation errors nested: {"error": {"message", "errors": {"client": {"country": ["…"]}}}}',
  answer: (answer, context) => {
    if (context.kind !== 'refusal' || !isJson(answer.body)) return answer;
    const nested: Json = {};
    for (const [path, messages] of Object.entries(errorsOf(answer))) {
      const parts = path.split('.');
      let at = nested;
      for (const part of parts.slice(0, -1)) at = (at[part] = isJson(at[part]) ? at[part] : {}) as Json;
      at[parts.at(-1)!] = messages;
    }
    return { ...answer, body: { error: { message: answer.body.message, errors: nested } } };
  },
};

/** JSON:API / many Node servers: a list of `{field, message}`. */
export const errorsList: Dialect = {
  name: 'errors-list',
  summary:
    'validation errors as a list: {"message", "errors": [{"field": "client.country", "message": "…"}]}',
  answer: (answer, context) => {
    if (context.kind !== 'refusal' || !isJson(answer.body)) return answer;
    const list = Object.entries(errorsOf(answer)).flatMap(([field, messages]) =>
      messages.map((message) => ({ field, message })),
    );
    return { ...answer, body: { message: answer.body.message, errors: list } };
  },
};

/** Many APIs answer every refusal of the data with 400 Bad Request rather than 422. */
export const errors400: Dialect = {
  name: 'errors-400',
  summary: 'validation refusals answered 400 instead of 422 (same body)',
  answer: (answer, context) =>
    context.kind === 'refusal' && answer.status === 422 ? { ...answer, status: 400 } : answer,
};

/** nginx in front of the application answers its own HTML page when the application fails. */
export const html5xx: Dialect = {
  name: 'html-5xx',
  summary: 'server errors (5xx, e.g. from --faults) answered with an nginx HTML page',
  answer: (answer, context) => {
    if (context.kind !== 'server-error') return answer;
    const title = `${answer.status} ${answer.status === 502 ? 'Bad Gateway' : answer.status === 503 ? 'Service Temporarily Unavailable' : 'Internal Server Error'}`;
    return {
      ...answer,
      body: null,
      contentType: 'text/html',
      text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    };
  },
};

function errorsOf(answer: JsonAnswer): Record<string, string[]> {
  const errors = isJson(answer.body) ? answer.body.errors : undefined;
  return isJson(errors) ? (errors as Record<string, string[]>) : {};
}
