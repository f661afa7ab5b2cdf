/** One thing `trackops-bulk check` found, shared by the check and its look at records (no cycle). */
export type Verdict = 'as-assumed' | 'handled' | 'unsafe' | 'unknown';

export interface CheckFinding {
  topic: string;
  /** What the tool assumes (API-NOTES "Assumed"). */
  assumed: string;
  /** What the account answered. */
  found: string;
  /** as-assumed; handled (differs, the tool copes); unsafe (an import would not be safe); unknown. */
  verdict: Verdict;
}
