/**
 * A busy account behind a real HTTP hop: once the server has answered page `afterPage` of a listing of
 * case requests (and before the client has that answer), a colleague takes request `leaves` out of the list (deleted, or accepted into a case:
 * the API has no delete, and the sandbox keeps it, so the proxy hides it from every answer from then on)
 * and `arrive` is awaited (the test enters a new request in the sandbox). Offset paging then shifts by
 * one: the request just past the page read is on no later page (explore 53).
 *
 * The proxy pages the lists itself, from the sandbox's whole answer for the same filters less the
 * hidden request, so its pages and counts agree as a real server's would; sorted by id as asked.
 * `after`, when given, says which answer the colleague acts after instead of page `afterPage` (say, the
 * first full page of any listing, wherever in a run that listing comes).
 */
import type { CaseRequestRecord } from '../../core/api/types.ts';
import { pass, running, startProxy, type RunningProxy } from './proxies.ts';

export interface LeavingListProxy extends RunningProxy {
  /** Every case-request list and count the client asked, as `path?query` less the API base. */
  readonly asked: string[];
}

export async function startLeavingListProxy(
  target: string,
  options: {
    afterPage: number;
    leaves: number;
    arrive: () => Promise<void>;
    after?: (page: number, records: number, query: URLSearchParams) => boolean;
  },
): Promise<LeavingListProxy> {
  const base = new URL(target).pathname.replace(/\/$/, '');
  const hidden = new Set<number>();
  const asked: string[] = [];
  let left = false;
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const single = /\/case\/requests\/(\d+)$/.exec(url.pathname);
    if (request.method === 'GET' && single && hidden.has(Number(single[1]))) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"Not found"}');
      return;
    }
    if (request.method !== 'GET' || url.pathname !== `${base}/case/requests`)
      return pass(response, await forward());
    asked.push(`${url.pathname.slice(base.length)}${url.search}`);
    const counting = url.searchParams.get('mode') === 'count';
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? '25'));
    const whole = new URLSearchParams(url.searchParams);
    for (const name of ['mode', 'page', 'per_page', 'dir']) whole.delete(name);
    whole.set('per_page', '100');
    const records: CaseRequestRecord[] = [];
    let headers: Record<string, string> | undefined;
    for (let upstreamPage = 1; ; upstreamPage++) {
      whole.set('page', String(upstreamPage));
      const answer = await forward(`${url.pathname}?${whole}`);
      if (answer.status !== 200) return pass(response, answer);
      headers = answer.headers;
      const rows = JSON.parse(answer.body.toString('utf8')) as CaseRequestRecord[];
      records.push(...rows);
      if (rows.length < 100) break;
    }
    const kept = records.filter((record) => !hidden.has(record.id));
    if (url.searchParams.get('dir') === 'desc') kept.reverse();
    const said = counting
      ? { record_count: kept.length, page_count: Math.ceil(kept.length / perPage) }
      : kept.slice((page - 1) * perPage, page * perPage);
    const acts = options.after
      ? !counting && options.after(page, (said as CaseRequestRecord[]).length, url.searchParams)
      : !counting && page === options.afterPage;
    if (acts && !left) {
      // Done before this page's answer (made before it) goes back, so that the next page the client
      // asks is surely answered after both: a page asked at once could else be listed between them.
      left = true;
      hidden.add(options.leaves);
      // A failure here would only show as the new request missing: said where the test prints.
      await options.arrive().catch((error: unknown) => console.error(error));
    }
    pass(response, { status: 200, headers: headers ?? {}, body: Buffer.from(JSON.stringify(said)) });
  });
  return {
    ...running(proxy),
    get asked() {
      return asked;
    },
  };
}
