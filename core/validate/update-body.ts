import type { CaseRequestCreateBody, CaseRequestUpdateBody } from '../api/types.ts';
import { PARAM_NAMES, PARAMS } from '../mapping/targets.ts';

/**
 * Upsert rows are validated as creates (the row may create), so their body is a create body. When the
 * live plan finds a match, this keeps what the seed's update table allows; `client`/`contact` travel as
 * given and, like any update, are merged with the stored objects by the runner before the PUT.
 */
export function updateBodyFromCreate(body: CaseRequestCreateBody): CaseRequestUpdateBody {
  const update: Record<string, unknown> = {};
  for (const name of PARAM_NAMES) {
    const value = (body as unknown as Record<string, unknown>)[name];
    if (value !== undefined && PARAMS[name].update) update[name] = value;
    if (name === 'client_id') {
      if (body.client) update.client = body.client;
      if (body.contact) update.contact = body.contact;
    }
  }
  if (body.custom_fields) update.custom_fields = body.custom_fields;
  return update as CaseRequestUpdateBody;
}
