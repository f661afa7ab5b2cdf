/**
 * Dialects for field definitions (API-NOTES Tolerance: "field definitions with the type tag or choices
 * under other keys"; the notes' own filters name both `field_type` and `field_type_tag`).
 */
import { isJson, type AnswerContext, type Dialect, type Json } from './types.ts';
import type { JsonAnswer } from '../http-io.ts';

/** The type under `type` or `field_type`, lower case; choices as `{id, label}`; `use` spelled otherwise. */
export const fieldsVariant: Dialect = {
  name: 'fields-variant',
  summary:
    'field definitions with the type under "type"/"field_type" (lower case), choices as [{id, label}], use "case_request"/"Subject"',
  answer: (answer, context) =>
    eachField(answer, context, (field) => {
      const { field_type_tag: tag, choices, use, ...rest } = field;
      const copy: Json = { ...rest, use: use === 'case' ? 'case_request' : 'Subject' };
      if (Number(field.id) % 2 === 1) copy.type = String(tag).toLowerCase();
      else copy.field_type = tag;
      if (Array.isArray(choices)) copy.choices = choices.map((label, index) => ({ id: index + 1, label }));
      return copy;
    }),
};

/** Choices kept elsewhere (an options endpoint we do not know): SELECT/RADIO come without them. */
export const fieldsNoChoices: Dialect = {
  name: 'fields-no-choices',
  summary: 'SELECT/RADIO field definitions without their choices',
  answer: (answer, context) =>
    eachField(answer, context, (field) => {
      const { choices: _choices, ...rest } = field;
      return rest;
    }),
};

function eachField(answer: JsonAnswer, context: AnswerContext, change: (field: Json) => Json): JsonAnswer {
  if (context.kind === 'field' && isJson(answer.body)) return { ...answer, body: change(answer.body) };
  if (context.kind === 'reference-list' && context.referenceKind === 'fields' && Array.isArray(answer.body))
    return { ...answer, body: answer.body.map((field) => (isJson(field) ? change(field) : field)) };
  return answer;
}
