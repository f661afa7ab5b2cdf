import type { PlainProblemCode } from '../problems/catalogue.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { SourceRow } from '../read/types.ts';
import type { CompiledMapping } from './compile-mapping.ts';
import type { RowDraft } from './row-draft.ts';

const REQUIRED_PARAMS = ['case_type_id', 'case_region_id', 'created_on'] as const;
export const REQUIRED_CLIENT = ['name', 'country'] as const;
export const REQUIRED_CONTACT = ['last_name', 'email'] as const;
const ADDRESS_PARTS_REQUIRED = ['address_1', 'city'] as const;
const PHONES = ['phone_office', 'phone_home', 'phone_mobile'] as const;
const CONTACT_NAME_PARTS = new Set(['contact.first_name', 'contact.middle_name', 'contact.last_name']);
/** Every target a create cannot do without, whatever the account's settings (a wizard's help marks them). */
export const REQUIRED_TARGETS: readonly string[] = [
  ...REQUIRED_PARAMS,
  ...REQUIRED_CLIENT.map((part) => `client.${part}`),
  ...REQUIRED_CONTACT.map((part) => `contact.${part}`),
];

/** Seed create table and client/contact tables; account settings when the connection gives them. */
export function checkRequired(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
): void {
  for (const name of REQUIRED_PARAMS)
    if (draft.param(name) === undefined) need(row, compiled, draft, problems, name);
  for (const part of REQUIRED_CLIENT)
    if (!draft.client[part]) need(row, compiled, draft, problems, `client.${part}`);
  for (const part of REQUIRED_CONTACT)
    if (!draft.contact[part]) need(row, compiled, draft, problems, `contact.${part}`);
  if (compiled.settings?.require_client_address) {
    for (const part of ADDRESS_PARTS_REQUIRED)
      if (!draft.client[part])
        need(row, compiled, draft, problems, `client.${part}`, 'require_client_address');
  }
  if (compiled.settings?.require_client_phone) {
    let given = false;
    for (const part of PHONES) given ||= Boolean(draft.contact[part]) || draft.isTouched(`contact.${part}`);
    if (!given) {
      let label = 'account setting';
      for (const part of PHONES) {
        const mapped = compiled.labelByTarget.get(`contact.${part}`);
        if (mapped !== undefined) {
          label = mapped;
          break;
        }
      }
      const missing = problem('require_client_phone', {
        row: row.row,
        label,
        target: 'contact.phone_office',
        value: '',
      });
      if (label === 'account setting') missing.scope = 'mapping';
      problems.push(missing);
    }
  }
}

/** A required target with no value: name the column left empty, or say that nothing maps it. */
function need(
  row: SourceRow,
  compiled: CompiledMapping,
  draft: RowDraft,
  problems: Problem[],
  path: string,
  code: PlainProblemCode = 'required_blank',
): void {
  if (draft.isTouched(path)) return;
  // contact.full_name gives the name parts: a name given (or refused) there is not missing here.
  if (CONTACT_NAME_PARTS.has(path) && draft.isTouched('contact.full_name')) return;
  const what = compiled.words(path);
  const label = compiled.labelByTarget.get(path);
  if (label !== undefined) {
    problems.push(problem(code, { row: row.row, label, target: path, what, value: '' }));
    return;
  }
  // Nothing maps the target: the mapping's problem, the same in every row (reported once in summaries).
  const unmapped = problem(code === 'required_blank' ? 'required_unmapped' : code, {
    row: row.row,
    label: code === 'required_blank' ? 'mapping' : 'account setting',
    target: path,
    what,
    value: null,
  });
  unmapped.scope = 'mapping';
  problems.push(unmapped);
}
