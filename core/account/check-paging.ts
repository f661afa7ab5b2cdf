/**
 * `check`'s test of paging against the count, in one request (explored: servers that ignore `page`,
 * number pages from 0, or count fewer requests than they list all passed `check` with "nothing unsafe",
 * as it never asked for a second page).
 *
 * What is already known for free: page 1 asked with per_page=1 (the first request) and with a larger
 * size (the largest-page request) must begin with the same request; when they do not, page 1 is not the
 * first page (pages numbered from 0). Then one page is asked whose size and number put it at the end
 * of the list as the count says, with room for some records but not a full page: `r` of `p`, 0 < r < p
 * where the count allows (else the page just past the end, which must be empty). The count and the page
 * then disagree in a way that names the fault:
 * - more than `r` records, the same as page 1's: the server ignores `page`;
 * - more than `r` new records: the list holds more than the count says (a count that is low);
 * - fewer than `r`: the list holds fewer than the count says (a count that is high);
 * - `r` records, but not the ones page 1 of the larger size showed at those places: pages skip or repeat.
 */
import { readCaseRequest } from '../api/normalize.ts';
import { unwrapList } from '../api/read-shapes.ts';
import type { CheckFinding } from './check-finding.ts';

const TOPIC = 'Paging (page and per_page, against the count)';
const ASSUMED =
  'page 1 is the first page, each page the next records, and the pages end where mode=count says';

/** The ids of a list answer, in order (records it cannot read count as no id). */
export function idsOf(raw: unknown): (number | null)[] {
  const list = unwrapList(raw)?.value ?? [];
  return list.map((entry) => {
    const read = readCaseRequest(entry);
    return 'record' in read ? Number(read.record.id) : null;
  });
}

/** The page that should hold the last records: per_page `p`, page `page`, expected to hold `r`. */
function endPage(total: number, largest: number): { perPage: number; page: number; left: number } {
  for (let perPage = Math.min(largest, total - 1, 100); perPage >= 2; perPage--) {
    if (total % perPage !== 0) {
      const page = Math.ceil(total / perPage);
      return { perPage, page, left: total - (page - 1) * perPage };
    }
  }
  return { perPage: 1, page: total + 1, left: 0 };
}

export interface PagingCheck {
  finding: CheckFinding;
  danger?: string;
}

/**
 * `firstIds`: page 1 with per_page=1; `largestIds`: page 1 with the largest size asked (null when not
 * asked); `total`: the count. `get` asks one page (the only request this makes, and only when needed).
 */
export async function checkPaging(
  get: (path: string) => Promise<unknown>,
  firstIds: (number | null)[],
  largestIds: (number | null)[] | null,
  total: number | null,
): Promise<PagingCheck> {
  if (total === null) return unknown('cannot tell: the account gives no count to compare the pages with');
  if (total === 0) return unknown('cannot tell: the account holds no case requests');
  if (firstIds.length === 0)
    return unsafe(
      `page 1 (per_page=1) came back empty although the count says ${total}`,
      `Trackops answered page 1 with nothing although it counts ${total} case requests: it may number its pages from 0, ` +
        'so every listing would miss its first page (exports, duplicate checks and updates would stop with an error).',
    );
  if (largestIds && (largestIds.length === 0 || largestIds[0] !== firstIds[0]))
    return unsafe(
      largestIds.length === 0
        ? `page 1 with per_page=1 held request ${firstIds[0]}, but page 1 with a larger per_page came back empty`
        : `page 1 with per_page=1 began with request ${firstIds[0]}, but with per_page=${largestIds.length} with request ${largestIds[0]}`,
      'Trackops does not answer page 1 with the first records: it seems to number its pages from 0 (page=1 being its ' +
        'second page), so every listing would skip records (exports, duplicate checks and updates would stop with an error).',
    );
  const { perPage, page, left } = endPage(total, largestIds?.length ?? 1);
  const got = idsOf(await get(`case/requests?page=${page}&per_page=${perPage}&dir=asc`));
  const asked = `page ${page} with per_page=${perPage}`;
  const firstPage = new Set((largestIds ?? firstIds).slice(0, perPage));
  const repeatsFirst = got.length > 0 && got.every((id) => firstPage.has(id));
  if (got.length > left && repeatsFirst)
    return unsafe(
      `${asked} held the same requests as page 1`,
      'Trackops answers every page with the first one: it seems to ignore the page number, so no list longer than one ' +
        'page can be read (exports, duplicate checks and updates of a larger account would stop with an error).',
    );
  if (got.length > left)
    return unsafe(
      `${asked} held ${got.length} requests where the count of ${total} leaves ${left}: the list holds more than it counts`,
      `Trackops counts fewer case requests than it lists (mode=count says ${total}; ${asked} held ${got.length} where ` +
        `${left} were left). Listings read on past the count and say so, but the count also tells an update run whether ` +
        'anything changed in Trackops since it looked: such a change could be missed.',
    );
  if (got.length < left)
    return unsafe(
      `${asked} held ${got.length} requests where the count of ${total} leaves ${left}: the list holds fewer than it counts`,
      `Trackops counts more case requests than it lists (mode=count says ${total}; ${asked} held ${got.length} where ` +
        `${left} were left), or its pages skip records: listings of the account would stop with an error saying how many ` +
        'of how many came.',
    );
  // Where page 1 of the larger size already showed the records at these places, they must be the same.
  const offset = (page - 1) * perPage;
  const known = (largestIds ?? []).slice(offset, offset + left);
  if (known.some((id, index) => got[index] !== id) || got.some((id) => firstPage.has(id)))
    return unsafe(
      `${asked} did not hold the requests that come at those places in the list (${got.join(', ')})`,
      'Trackops pages do not follow each other as assumed (records skipped or repeated between pages): listings of the ' +
        'account could not be trusted to be whole.',
    );
  return {
    finding: {
      topic: TOPIC,
      assumed: ASSUMED,
      found:
        left === 0
          ? `${asked} (just past the ${total} counted) came back empty, as the count says`
          : `${asked} held the last ${left} of the ${total} counted, as the count says`,
      verdict: 'as-assumed',
    },
  };
}

function unknown(found: string): PagingCheck {
  return { finding: { topic: TOPIC, assumed: ASSUMED, found, verdict: 'unknown' } };
}

function unsafe(found: string, danger: string): PagingCheck {
  return { finding: { topic: TOPIC, assumed: ASSUMED, found, verdict: 'unsafe' }, danger };
}
