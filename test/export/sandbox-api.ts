/**
 * The export tests' way to the sandbox over real HTTP. It uses core's API client when that has landed
 * (core/api/client.ts); until then a minimal fetch adapter speaking the same wire format (Basic auth
 * `{user}/token`, bare JSON arrays, `mode=count`, `casefile_request` bodies).
 */
import type { AccountReference, CaseRequestFilters, TrackopsApi } from '../../core/index.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';

export type ExportApi = TrackopsApi;

export function sandboxApi(sandbox: Pick<RunningSandbox, 'baseUrl' | 'username' | 'token'>): ExportApi {
  const auth = `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`;
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: { Accept: 'application/json', Authorization: auth, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw Object.assign(new Error(`${method} ${path}: ${response.status} ${text}`), {
        status: response.status,
      });
    return JSON.parse(text);
  }
  const query = (filters: CaseRequestFilters, extra: Record<string, string | number>) =>
    new URLSearchParams(
      Object.entries({ ...filters, ...extra }).map(
        ([key, value]) => [key, String(value)] as [string, string],
      ),
    ).toString();
  const get = (path: string) => call('GET', path) as Promise<never>;
  return {
    listCaseRequests: (filters, page) =>
      get(
        `/case/requests?${query(filters, { page: page.page, per_page: page.perPage, dir: page.dir ?? 'asc' })}`,
      ),
    countCaseRequests: (filters, perPage) =>
      get(`/case/requests?${query(filters, { per_page: perPage, mode: 'count' })}`),
    getCaseRequest: (id) => get(`/case/requests/${id}`),
    createCaseRequest: (body) => call('POST', '/case/requests', { casefile_request: body }) as Promise<never>,
    updateCaseRequest: (id, body) =>
      call('PUT', `/case/requests/${id}`, { casefile_request: body }) as Promise<never>,
    async getReference() {
      const paths = {
        case_types: 'case/types',
        case_regions: 'case/regions',
        case_services: 'case/services',
        case_flags: 'case/flags',
        referral_sources: 'referral/sources',
        company_locations: 'company/locations',
        subject_types: 'subject/types',
        fields: 'fields',
      };
      const entries = await Promise.all(
        Object.entries(paths).map(async ([key, path]) => [key, await get(`/${path}`)] as const),
      );
      return Object.fromEntries(entries) as unknown as AccountReference;
    },
  };
}
