/**
 * What writes answered without their record cost, said once (explore 29 item 7): Trackops answered
 * them without the request they wrote, so each cost more requests than its write, which at a paced
 * 1 request/s is what makes a run take twice as long. One sentence for the CLI's summary and the app's
 * results alike.
 */

/**
 * Creates Trackops answered without their record (explore 29 item 7), and of them those read at their
 * Location (one request each) and those searched for (a count and a page at least); updates answered
 * with neither their record nor an acknowledgement, read back. The import summary (runner.ts) holds
 * them; defined here, not picked from it, so that the runner can hand them out without a circle.
 */
export interface WithoutRecordCounts {
  createsWithoutRecord: number;
  createsReadAtLocation: number;
  createsSearched: number;
  updatesReadBack: number;
  /** Updates answered so whose read back failed (in doubt): not among `updatesReadBack`. */
  updatesNotReadBack: number;
}

/** The sentence, or null when every write was answered with its record. */
export function withoutRecordWords(summary: WithoutRecordCounts): string | null {
  const sentences: string[] = [];
  const each = (n: number, cost: string) => (n === 1 ? `1 was ${cost}` : `${n} were ${cost}`);
  if (summary.createsWithoutRecord) {
    const how = [
      summary.createsReadAtLocation
        ? each(summary.createsReadAtLocation, "read where the answer's Location said (1 request more each)")
        : '',
      summary.createsSearched
        ? each(
            summary.createsSearched,
            'looked for among the requests created since (2 requests more each, at least)',
          )
        : '',
    ].filter(Boolean);
    const n = summary.createsWithoutRecord;
    sentences.push(
      `Trackops answered ${n === 1 ? '1 create' : `${n} creates`} without the request ${n === 1 ? 'it' : 'they'} made: ${how.join('; ')}.`,
    );
  }
  const read = summary.updatesReadBack;
  const unread = summary.updatesNotReadBack;
  if (read + unread) {
    const n = read + unread;
    // All read back: said as before. Some not: how many of each, never "each was read back".
    const how = !unread
      ? `${n === 1 ? 'it was' : 'each was'} read back (1 request more each)`
      : !read
        ? `${n === 1 ? 'it' : 'they'} could not be read back, and ${n === 1 ? 'is' : 'are'} in doubt (${n === 1 ? 'its row says' : 'their rows say'} why)`
        : `${each(read, 'read back (1 request more each)')}; ${unread === 1 ? '1 could' : `${unread} could`} not be read back, and ${unread === 1 ? 'is' : 'are'} in doubt (${unread === 1 ? 'its row says' : 'their rows say'} why)`;
    sentences.push(
      `Trackops answered ${n === 1 ? '1 update' : `${n} updates`} with neither the request nor a word that ${n === 1 ? 'it was' : 'they were'} done: ${how}.`,
    );
  }
  return sentences.length ? sentences.join(' ') : null;
}
