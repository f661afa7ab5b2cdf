/**
 * An account of many requests for counting what a command asks: the demo account's requests copied to
 * `size`, claim numbers BIG-000000, BIG-000001, …, in a sandbox that logs every request it serves.
 */
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';

export interface LoggedSandbox {
  sandbox: RunningSandbox;
  /** Every request served, in order: method and URL (query included). */
  urls: { method: string; url: string }[];
}

export async function largeAccount(size: number): Promise<LoggedSandbox> {
  const account = await loadDemoAccount();
  const models = account.case_requests;
  account.case_requests = Array.from({ length: size }, (_, index) => {
    const record = structuredClone(models[index % models.length]!);
    record.id = index + 1;
    record.case_request_number = `REQ-${String(index + 1).padStart(5, '0')}`;
    record.reference_value_1 = bigClaim(index);
    record.subjects = (record.subjects ?? []).map((subject, at) => ({
      ...subject,
      id: 100_000 + 2 * index + at,
    }));
    record.primary_subject_id = record.subjects[0]?.id ?? null;
    return record;
  });
  const urls: LoggedSandbox['urls'] = [];
  const sandbox = await startSandbox({
    port: 0,
    account,
    rate: 1000,
    onRequest: (entry) => urls.push({ method: entry.method, url: entry.url }),
  });
  return { sandbox, urls };
}

/** The claim number of the large account's request number `index + 1`. */
export function bigClaim(index: number): string {
  return `BIG-${String(index).padStart(6, '0')}`;
}

/** The CLI's connection to the sandbox, as a clerk's environment gives it. */
export function sandboxEnv(sandbox: RunningSandbox): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
}

/** An update mapping of a claim number and the notes ("Claim #", "Instructions"). */
export const NOTES_BY_CLAIM = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
  ],
};
