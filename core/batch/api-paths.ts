/**
 * The API names a refused value by its place in the body it got (API-NOTES "Assumed" 422 shape:
 * `custom_fields.2`, `subjects.0.custom_fields.1`: array positions), while a mapping names it by field
 * id (`custom_fields.12`). Translating through the body we sent lets an API refusal name the column.
 */
import { BODY_KEY, type CaseRequestCreateBody, type CaseRequestUpdateBody } from '../api/types.ts';

export function mappingTargetOf(
  apiPath: string,
  body: CaseRequestCreateBody | CaseRequestUpdateBody | undefined,
): string {
  // A server that names paths from the top of the body it got (Rails, Laravel) puts the wrapper key
  // first: `casefile_request.client.country` is the mapping's `client.country`.
  apiPath = apiPath.startsWith(`${BODY_KEY}.`) ? apiPath.slice(BODY_KEY.length + 1) : apiPath;
  const sent = (body ?? {}) as {
    custom_fields?: { id: number }[];
    subjects?: { custom_fields?: { id: number }[] }[];
  };
  const caseField = /^custom_fields\.(\d+)(\..+)?$/.exec(apiPath);
  if (caseField) {
    const entry = sent.custom_fields?.[Number(caseField[1])];
    return entry ? `custom_fields.${entry.id}${caseField[2] ?? ''}` : apiPath;
  }
  const subjectField = /^subjects\.(\d+)\.custom_fields\.(\d+)(\..+)?$/.exec(apiPath);
  if (subjectField) {
    const entry = sent.subjects?.[Number(subjectField[1])]?.custom_fields?.[Number(subjectField[2])];
    // The subject's place in the body is not always its group's place in the mapping (empty groups
    // are left out), so the column finder falls back to the field id when the group does not match.
    return entry ? `subjects.${subjectField[1]}.custom_fields.${entry.id}${subjectField[3] ?? ''}` : apiPath;
  }
  return apiPath;
}
