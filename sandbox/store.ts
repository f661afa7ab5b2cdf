/**
 * The account held in memory: reference data plus stored case requests. Ids, series numbers and subject
 * ids continue from the highest ones in the account, so a `--data` file picks up where it left off.
 */
import type { AccountFile, StoredCaseRequest } from './account-schema.ts';
import { formatTimestamp } from './dates.ts';
import type { CaseRequestChanges, CaseRequestDraft } from './validate-write.ts';

export class AccountStore {
  private readonly state: AccountFile;
  private nextId: number;
  private nextSeries: number;
  private nextSubjectId: number;
  /** Ids created or updated since `takeChanged` last ran: what the next save appends to the change log. */
  private changed = new Map<number, StoredCaseRequest>();

  constructor(account: AccountFile) {
    this.state = structuredClone(account);
    const requests = this.state.case_requests;
    this.nextId = Math.max(0, ...requests.map((request) => request.id)) + 1;
    this.nextSeries = Math.max(0, ...requests.map((request) => request.series_number)) + 1;
    this.nextSubjectId =
      Math.max(1000, ...requests.flatMap((request) => request.subjects.map((subject) => subject.id))) + 1;
  }

  get account(): AccountFile {
    return this.state;
  }

  snapshot(): AccountFile {
    return structuredClone(this.state);
  }

  /** The records changed since the last call, as they are now; `putBack` returns them when a save failed. */
  takeChanged(): StoredCaseRequest[] {
    const records = [...this.changed.values()];
    this.changed.clear();
    return records;
  }

  hasChanged(): boolean {
    return this.changed.size > 0;
  }

  putBack(records: StoredCaseRequest[]): void {
    for (const record of records) if (!this.changed.has(record.id)) this.changed.set(record.id, record);
  }

  find(id: number): StoredCaseRequest | undefined {
    return this.state.case_requests.find((request) => request.id === id);
  }

  create(draft: CaseRequestDraft, now: Date): StoredCaseRequest {
    const timestamp = formatTimestamp(now);
    const subjects = draft.subjects.map((subject) => ({ id: this.nextSubjectId++, ...subject }));
    const series = this.nextSeries++;
    const record: StoredCaseRequest = {
      id: this.nextId++,
      case_request_number: `REQ-${String(series).padStart(5, '0')}`,
      series_number: series,
      ...draft,
      primary_subject_id: subjects.find((subject) => subject.is_primary)?.id ?? null,
      subjects,
      created_at: timestamp,
      updated_at: timestamp,
    };
    this.state.case_requests.push(record);
    this.changed.set(record.id, record);
    return record;
  }

  update(record: StoredCaseRequest, changes: CaseRequestChanges, now: Date): StoredCaseRequest {
    Object.assign(record, changes, { updated_at: formatTimestamp(now) });
    this.changed.set(record.id, record);
    return record;
  }
}
