/**
 * The shapes the Trackops case-request API speaks (seed: case-requests-api.txt; API-NOTES). The body
 * types follow the seed's create and update tables; the record type is API-NOTES' *assumed* GET shape,
 * so every field but `id` is optional and readers must tolerate strings for numbers and unknown keys.
 */
import type { AccountReference, AccountSettings, ReferenceKind } from '../account/reference.ts';
import type { ListFilters } from './list-filters.ts';
import type { ServerClock } from './server-clock.ts';
import type { StampZone, StampZoneLearnt, StampZoneMemory } from './stamp-zone.ts';
import type { ApiEventListener, BeforeAttempt } from './events.ts';
import type { ConnectionWords } from './connection-words.ts';

export interface ClientObject {
  name?: string;
  address_1?: string;
  address_2?: string;
  address_3?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

export interface ContactObject {
  first_name?: string;
  middle_name?: string;
  last_name?: string;
  email?: string;
  phone_office?: string;
  phone_home?: string;
  phone_mobile?: string;
  phone_fax?: string;
}

export type NameValue = { first_name?: string; middle_name?: string; last_name?: string };
export type AddressValue = {
  address_1?: string;
  address_2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
};
export type CustomFieldValue = string | number | NameValue | AddressValue;

export interface CustomFieldEntry {
  id: number;
  value: CustomFieldValue;
}

export interface SubjectBody {
  subject_type_id: number;
  is_primary: boolean;
  is_pinned: boolean;
  custom_fields: CustomFieldEntry[];
}

/** The key every write's body is sent under (`{"casefile_request": {…}}`, the seed's own shape). */
export const BODY_KEY = 'casefile_request';

/** Body of POST /case/requests (sent nested under `casefile_request`). */
export interface CaseRequestCreateBody {
  case_type_id: number;
  client: ClientObject;
  contact: ContactObject;
  case_region_id: number;
  created_on: string;
  due_on?: string;
  company_location_id?: number;
  referral_source_id?: number;
  reference_value_1?: string;
  reference_value_2?: string;
  reference_value_3?: string;
  case_location?: string;
  budget_money?: number;
  budget_hours?: number;
  notes?: string;
  scheduling_notes?: string;
  admin_notes?: string;
  case_services_list?: number[];
  case_flags_list?: number[];
  custom_fields?: CustomFieldEntry[];
  subjects?: SubjectBody[];
}

/** Body of PUT /case/requests/{id}: every field optional; client/contact are replaced whole (seed note 1). */
export interface CaseRequestUpdateBody {
  client_id?: number;
  client?: ClientObject;
  contact?: ContactObject;
  created_on?: string;
  due_on?: string;
  company_location_id?: number;
  referral_source_id?: number;
  reference_value_1?: string;
  reference_value_2?: string;
  reference_value_3?: string;
  case_location?: string;
  notes?: string;
  scheduling_notes?: string;
  admin_notes?: string;
  case_services_list?: number[];
  case_flags_list?: number[];
  custom_fields?: CustomFieldEntry[];
}

export interface SubjectRecord {
  id: number;
  subject_type_id?: number;
  is_primary?: boolean;
  is_pinned?: boolean;
  custom_fields?: CustomFieldEntry[];
}

/** A case request as GET returns it (API-NOTES "Assumed"), after tolerant normalisation. */
export interface CaseRequestRecord {
  id: number;
  case_request_number?: string;
  series_number?: number;
  case_type_id?: number;
  case_region_id?: number;
  company_location_id?: number | null;
  referral_source_id?: number | null;
  created_on?: string;
  due_on?: string | null;
  reference_value_1?: string | null;
  reference_value_2?: string | null;
  reference_value_3?: string | null;
  case_location?: string | null;
  budget_money?: number | null;
  budget_hours?: number | null;
  notes?: string | null;
  scheduling_notes?: string | null;
  admin_notes?: string | null;
  client_id?: number | null;
  location_id?: number | null;
  primary_contact_id?: number | null;
  primary_subject_id?: number | null;
  client?: ClientObject;
  contact?: ContactObject;
  case_services_list?: number[];
  case_flags_list?: number[];
  custom_fields?: CustomFieldEntry[];
  subjects?: SubjectRecord[];
  /** System timestamps, UTC, "YYYY-MM-DD HH:MM:SS". */
  created_at?: string;
  updated_at?: string;
  /** Keys the client does not know are kept, never dropped. */
  [unknownKey: string]: unknown;
}

/** The list endpoint's filters (seed), as core/api/list-filters.ts defines them once, plus one core adds. */
export type CaseRequestFilters = ListFilters & {
  /** API-NOTES Known ("some list endpoints"): composite custom-field values as objects, not flattened text. */
  expand_field_values?: 1;
};

export interface RecordCount {
  record_count: number;
  page_count: number;
}

/** How to reach one account. The token lives here and nowhere else; never log this object. */
export interface ConnectionSettings {
  /** The account's API base, e.g. https://acme.viewcases.com/api/v1 (http only to loopback). */
  baseUrl: string;
  /** The Trackops user name; the client sends `{user}/token` as the Basic-auth name. */
  user: string;
  token: string;
  /** Account rules the API cannot read (API-NOTES "Assumed"). */
  settings?: Partial<AccountSettings>;
  /**
   * Reference-data paths relative to baseUrl, when an account differs from the assumed ones; null for
   * a list the account does not serve (found by `trackops-bulk check`): not asked, its checks off.
   */
  referencePaths?: Partial<Record<ReferenceKind, string | null>>;
  /** The largest page the server gives (found by `check`): asked for at once rather than a larger one. */
  pageSize?: number;
  /** How long one attempt waits for a whole answer (default 30 s, http.ts); a slow account may need more. */
  timeoutSeconds?: number;
  /**
   * Where this computer remembers the zone the account's server stamps in (stamp-zone-memory.ts): the
   * host's data folder and the account. Absent: nothing remembered (the documented UTC until a write).
   */
  zoneMemory?: StampZoneMemory;
  /**
   * The zone the server stamps in when the host knows it without asking (the built-in sandbox stamps
   * UTC, as its code says): taken as known from the start, so no window searched by time starts early
   * for it (stamp-zone.ts unknownZoneHours); a write still shows the zone as always.
   */
  knownStampZone?: StampZoneLearnt;
  /**
   * The host's words for where the connection is corrected (the CLI's --url or TRACKOPS_URL, --user,
   * --timeout; the app's Connection screen), named in advice (connection-words.ts).
   */
  words: ConnectionWords;
}

/**
 * A write the server answered with 2xx. It happened, whatever came back: `record` is null when the body
 * could not be read as a case request (a 204, `{"success": true}`, a shape we do not know), and
 * `unreadable` then holds what came, for the row's note. Never a reason to send the write again.
 */
export interface WriteAnswer {
  status: number;
  record: CaseRequestRecord | null;
  unreadable?: string;
  /**
   * The body says the write failed (`{"success": false, "message": …}`), in the server's words
   * (api/write-failure.ts). Still a 2xx, so still never sent again; the runner looks before it
   * calls the row done.
   */
  failureSaid?: FailureSaid;
  /**
   * No record in the answer, but its Location names the request (a 201/202 with an empty body, a 303
   * See Other after the write): its id, read there with one GET (batch/send-row.ts).
   */
  locationId?: number;
  /** No record, but an acknowledgement (an empty 2xx, `{"success": true}`: api/write-failure.ts `acknowledges`). */
  acknowledged?: true;
}

/** What a 2xx body that says the write failed says (api/write-failure.ts). */
export interface FailureSaid {
  /** What went wrong, in the server's words. */
  words: string;
  /** The first parameter its errors name (`client.name`), as the API placed it; null when none. */
  field: string | null;
}

/** The operations the rest of core needs from the API (implemented in api/client.ts over node:http, api/node-transport.ts). */
export interface TrackopsApi {
  /**
   * How long one attempt waits for an answer (the connection's timeout): how long after a lost send a
   * request may still have been stored (the searches for creates in doubt). Absent: the default 30 s.
   */
  readonly timeoutMs?: number;
  /**
   * The server's time as its answers state it (their Date header; server-clock.ts). Absent in an api
   * that does not observe it: the windows then go by this machine's clock, as before.
   */
  readonly serverClock?: ServerClock;
  /**
   * The zone the server's stamps without a zone are in, once a write's answer showed it (stamp-zone.ts):
   * the api reads them, and sends its time filters, in it. Absent in an api that does not learn it.
   */
  readonly stampZone?: StampZone;
  /**
   * The host's words for where the connection is corrected (connection-words.ts), for advice said after
   * a listing (list-all.ts: "run the check"). Absent in an api made without them (tests' fakes).
   */
  readonly words?: ConnectionWords;
  listCaseRequests(
    filters: CaseRequestFilters,
    page: { page: number; perPage: number; dir?: 'asc' | 'desc' },
    signal?: AbortSignal,
  ): Promise<CaseRequestRecord[]>;
  countCaseRequests(filters: CaseRequestFilters, perPage: number, signal?: AbortSignal): Promise<RecordCount>;
  getCaseRequest(id: number, signal?: AbortSignal): Promise<CaseRequestRecord>;
  /** `beforeAttempt`: awaited before each attempt of the write leaves (api/events.ts says why). */
  createCaseRequest(
    body: CaseRequestCreateBody,
    signal?: AbortSignal,
    beforeAttempt?: BeforeAttempt,
  ): Promise<WriteAnswer>;
  updateCaseRequest(
    id: number,
    body: CaseRequestUpdateBody,
    signal?: AbortSignal,
    beforeAttempt?: BeforeAttempt,
  ): Promise<WriteAnswer>;
  getReference(signal?: AbortSignal): Promise<AccountReference>;
  /**
   * The same connection (its pacer, its timeout), whose calls also tell `listener` their events:
   * request, answer, no answer, retry. Absent in an api that has no events (a test's stand-in).
   */
  observed?(listener: ApiEventListener): TrackopsApi;
}
