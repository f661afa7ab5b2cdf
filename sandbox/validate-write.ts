/**
 * Validates POST and PUT bodies (CONTRACTS section 4; seed create and update tables) and turns them into
 * what the store keeps. A body that fails yields every problem at once, keyed by parameter path.
 */
import type { AccountFile, StoredCaseRequest, StoredCustomField } from './account-schema.ts';
import { describe, isPlainObject, readId } from './scalars.ts';
import { checkCaseFields, checkSubjects, type SubjectDraft } from './validate-custom-fields.ts';
import {
  checkClient,
  checkContact,
  checkDate,
  checkDecimal,
  checkRef,
  checkRefList,
  checkText,
  isAbsent,
} from './validate-parts.ts';
import { WriteProblems } from './write-problems.ts';

const TEXT_KEYS = [
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_location',
  'notes',
  'scheduling_notes',
  'admin_notes',
] as const;

const CREATE_KEYS = [
  'case_type_id',
  'client',
  'contact',
  'case_region_id',
  'created_on',
  'due_on',
  'company_location_id',
  'referral_source_id',
  ...TEXT_KEYS,
  'budget_money',
  'budget_hours',
  'case_services_list',
  'case_flags_list',
  'custom_fields',
  'subjects',
];

/** The seed's update table: no case type, region, budgets or subjects. */
const UPDATE_KEYS = [
  'client_id',
  'client',
  'contact',
  'created_on',
  'due_on',
  'company_location_id',
  'referral_source_id',
  ...TEXT_KEYS,
  'case_services_list',
  'case_flags_list',
  'custom_fields',
];

export type CaseRequestDraft = Omit<
  StoredCaseRequest,
  | 'id'
  | 'case_request_number'
  | 'series_number'
  | 'created_at'
  | 'updated_at'
  | 'primary_subject_id'
  | 'subjects'
> & { subjects: SubjectDraft[] };

/** Only the keys the PUT named; `custom_fields` are merged by field id into the stored ones. */
export type CaseRequestChanges = Partial<
  Omit<CaseRequestDraft, 'subjects' | 'case_type_id' | 'case_region_id'>
>;

export type WriteCheck<T> =
  { ok: true; value: T } | { ok: false; status: 422; message: string; errors: Record<string, string[]> };

function unwrap(body: unknown, problems: WriteProblems): Record<string, unknown> | null {
  if (!isPlainObject(body) || isAbsent(body.casefile_request)) {
    problems.add(
      'casefile_request',
      'is required: send the case request nested under a "casefile_request" object',
    );
    return null;
  }
  if (!isPlainObject(body.casefile_request)) {
    problems.add('casefile_request', `must be an object; got ${describe(body.casefile_request)}`);
    return null;
  }
  for (const key of Object.keys(body).filter((key) => key !== 'casefile_request')) {
    problems.add(key, 'is not expected beside "casefile_request"; put every parameter inside it');
  }
  return body.casefile_request;
}

function rejectUnknown(
  problems: WriteProblems,
  input: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(input).filter((key) => !allowed.includes(key))) {
    const hint = CREATE_KEYS.includes(key) ? ' (it can only be given when the case request is created)' : '';
    problems.add(key, `is not a parameter of ${what}${hint}`);
  }
}

function failure(problems: WriteProblems): {
  ok: false;
  status: 422;
  message: string;
  errors: Record<string, string[]>;
} {
  return { ok: false, status: 422, message: problems.summary(), errors: problems.errors };
}

function result<T>(problems: WriteProblems, value: T): WriteCheck<T> {
  return problems.count > 0 ? failure(problems) : { ok: true, value };
}

export function validateCreate(body: unknown, account: AccountFile): WriteCheck<CaseRequestDraft> {
  const problems = new WriteProblems();
  const input = unwrap(body, problems);
  if (!input) return failure(problems);
  rejectUnknown(problems, input, CREATE_KEYS, 'a new case request');
  const caseTypeId = checkRef(
    problems,
    'case_type_id',
    input.case_type_id,
    account.case_types,
    'case types',
    true,
  );
  const draft: CaseRequestDraft = {
    case_type_id: caseTypeId ?? 0,
    case_region_id:
      checkRef(
        problems,
        'case_region_id',
        input.case_region_id,
        account.case_regions,
        'case regions',
        true,
      ) ?? 0,
    client: checkClient(problems, input.client, account.settings) ?? {},
    contact: checkContact(problems, input.contact, account.settings) ?? {},
    created_on: checkDate(problems, 'created_on', input.created_on, true) ?? '',
    due_on: checkDate(problems, 'due_on', input.due_on, false),
    company_location_id: checkRef(
      problems,
      'company_location_id',
      input.company_location_id,
      account.company_locations,
      'company locations',
      false,
    ),
    referral_source_id: checkRef(
      problems,
      'referral_source_id',
      input.referral_source_id,
      account.referral_sources,
      'referral sources',
      false,
    ),
    reference_value_1: checkText(problems, 'reference_value_1', input.reference_value_1),
    reference_value_2: checkText(problems, 'reference_value_2', input.reference_value_2),
    reference_value_3: checkText(problems, 'reference_value_3', input.reference_value_3),
    case_location: checkText(problems, 'case_location', input.case_location),
    budget_money: checkDecimal(problems, 'budget_money', input.budget_money),
    budget_hours: checkDecimal(problems, 'budget_hours', input.budget_hours),
    notes: checkText(problems, 'notes', input.notes),
    scheduling_notes: checkText(problems, 'scheduling_notes', input.scheduling_notes),
    admin_notes: checkText(problems, 'admin_notes', input.admin_notes),
    client_id: null,
    location_id: null,
    primary_contact_id: null,
    case_services_list: checkRefList(
      problems,
      'case_services_list',
      input.case_services_list,
      account.case_services,
      'case services',
    ),
    case_flags_list: checkRefList(
      problems,
      'case_flags_list',
      input.case_flags_list,
      account.case_flags,
      'case flags',
    ),
    custom_fields:
      caseTypeId === null ? [] : checkCaseFields(problems, input.custom_fields, account, caseTypeId),
    subjects: checkSubjects(problems, input.subjects, account),
  };
  return result(problems, draft);
}

export function validateUpdate(
  body: unknown,
  stored: StoredCaseRequest,
  account: AccountFile,
): WriteCheck<CaseRequestChanges> {
  const problems = new WriteProblems();
  const input = unwrap(body, problems);
  if (!input) return failure(problems);
  rejectUnknown(problems, input, UPDATE_KEYS, 'a case request update');
  const changes: CaseRequestChanges = {};
  const has = (key: string): boolean => Object.hasOwn(input, key);
  if (has('client_id')) {
    // There is no client list in a sandbox account; any positive id stands for "matched to a client".
    const value = input.client_id;
    const id = isAbsent(value) ? null : readId(value);
    if (id === undefined)
      problems.add('client_id', `must be the integer id of a client; got ${describe(value)}`);
    else changes.client_id = id;
  }
  if (has('client')) changes.client = checkClient(problems, input.client, account.settings) ?? {};
  if (has('contact')) changes.contact = checkContact(problems, input.contact, account.settings) ?? {};
  if (has('created_on'))
    changes.created_on = checkDate(problems, 'created_on', input.created_on, true) ?? stored.created_on;
  if (has('due_on')) changes.due_on = checkDate(problems, 'due_on', input.due_on, false);
  if (has('company_location_id')) {
    changes.company_location_id = checkRef(
      problems,
      'company_location_id',
      input.company_location_id,
      account.company_locations,
      'company locations',
      false,
    );
  }
  if (has('referral_source_id')) {
    changes.referral_source_id = checkRef(
      problems,
      'referral_source_id',
      input.referral_source_id,
      account.referral_sources,
      'referral sources',
      false,
    );
  }
  for (const key of TEXT_KEYS) if (has(key)) changes[key] = checkText(problems, key, input[key]);
  if (has('case_services_list')) {
    changes.case_services_list = checkRefList(
      problems,
      'case_services_list',
      input.case_services_list,
      account.case_services,
      'case services',
    );
  }
  if (has('case_flags_list')) {
    changes.case_flags_list = checkRefList(
      problems,
      'case_flags_list',
      input.case_flags_list,
      account.case_flags,
      'case flags',
    );
  }
  if (has('custom_fields')) {
    changes.custom_fields = mergeFields(
      stored.custom_fields,
      checkCaseFields(problems, input.custom_fields, account, stored.case_type_id),
    );
  }
  return result(problems, changes);
}

/** Given fields replace the stored value of the same field id; fields not named stay as they were. */
function mergeFields(stored: StoredCustomField[], given: StoredCustomField[]): StoredCustomField[] {
  const merged = stored.map((entry) => given.find((update) => update.id === entry.id) ?? entry);
  return [...merged, ...given.filter((update) => !stored.some((entry) => entry.id === update.id))];
}
