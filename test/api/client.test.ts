import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTrackopsApi, type ApiEvent } from '../../core/api/client.ts';
import {
  AuthError,
  BadResponseError,
  NotApiAnswerError,
  writeMayHaveHappened,
  NetworkError,
  NotFoundError,
  ServerError,
  ValidationError,
} from '../../core/api/errors.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { CaseRequestCreateBody } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const body: CaseRequestCreateBody = {
  case_type_id: 1,
  case_region_id: 1,
  created_on: '2026-07-01',
  reference_value_1: 'CLM-CLIENT-1',
  client: { name: 'Summit Mutual', city: 'Denver', state: 'CO', country: 'US' },
  contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'dana@summit.example.com' },
  custom_fields: [{ id: 12, value: 'Urgent' }],
};

const fast = () => createPacer({ ratePerSecond: 1000, concurrency: 4 });

describe('API client against the sandbox over HTTP', () => {
  it('creates, reads back, updates, lists and counts (bodies under casefile_request, Basic {user}/token)', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast() },
      );
      const created = (await api.createCaseRequest(body)).record!;
      expect(created.id).toBeGreaterThan(0);
      expect(created.case_request_number).toMatch(/^REQ-/);
      const read = await api.getCaseRequest(created.id);
      expect(read.client).toMatchObject({ name: 'Summit Mutual', city: 'Denver' });
      const updated = (await api.updateCaseRequest(created.id, { notes: 'updated by test' })).record!;
      expect(updated.notes).toBe('updated by test');
      const found = await api.listCaseRequests(
        { reference_value_1: 'CLM-CLIENT-1' },
        { page: 1, perPage: 100 },
      );
      expect(found.map((record) => record.id)).toEqual([created.id]);
      const count = await api.countCaseRequests({}, 10);
      expect(count.record_count).toBe(sandbox.account().case_requests.length);
      expect(count.page_count).toBe(Math.ceil(count.record_count / 10));
    } finally {
      await sandbox.close();
    }
  });

  it('reads every reference list through all its pages (a page shorter than per_page is the last)', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const account = sandbox.account();
      const paths: string[] = [];
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast(), onEvent: (event) => event.type === 'request' && paths.push(event.path) },
      );
      const reference = await api.getReference();
      expect(reference.fields.map((field) => field.id)).toEqual(account.fields.map((field) => field.id));
      expect(reference.case_types[0]).toMatchObject({
        id: 1,
        name: 'Surveillance',
        field_ids: [11, 12, 13, 14, 15],
      });
      expect(reference.case_regions.find((region) => region.is_default)?.name).toBe('Mountain West');
      expect(paths).toContain('case/types?page=1&per_page=100');
    } finally {
      await sandbox.close();
    }
  });

  it('turns 401, 404 and 422 into typed errors, with per-field messages and never the token', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const wrong = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: 'not-the-token-SECRET',
        },
        { pacer: fast() },
      );
      const authError = await wrong.getCaseRequest(1).catch((error: unknown) => error);
      expect(authError).toBeInstanceOf(AuthError);
      expect((authError as AuthError).status).toBe(401);
      expect(
        JSON.stringify({ ...(authError as object), message: (authError as Error).message }),
      ).not.toContain('SECRET');

      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast() },
      );
      await expect(api.getCaseRequest(999_999)).rejects.toBeInstanceOf(NotFoundError);
      const invalid = await api
        .createCaseRequest({ ...body, client: { ...body.client, country: 'Narnia' } })
        .catch((error: unknown) => error);
      expect(invalid).toBeInstanceOf(ValidationError);
      expect(Object.keys((invalid as ValidationError).fieldErrors)).toContain('client.country');
      expect((invalid as Error).message).not.toContain(sandbox.token);
    } finally {
      await sandbox.close();
    }
  });

  it('retries GETs on 429 through the pacer (Retry-After honoured) and finishes', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 2 });
    try {
      const events: ApiEvent[] = [];
      const pacer = createPacer({ ratePerSecond: 50, concurrency: 2 });
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer, onEvent: (event) => events.push(event) },
      );
      const results = await Promise.all([1, 2, 3, 4, 5].map((id) => api.getCaseRequest(id)));
      expect(results.map((record) => record.id)).toEqual([1, 2, 3, 4, 5]);
      const throttled = events.filter((event) => event.type === 'throttled');
      expect(throttled.length).toBeGreaterThan(0);
      expect(pacer.stats().backOffs).toBeGreaterThan(0);
      expect(pacer.stats().ratePerSecond).toBeLessThan(50);
    } finally {
      await sandbox.close();
    }
  }, 20_000);

  it('refuses plain http except to loopback', () => {
    expect(() =>
      createTrackopsApi({
        words: CLI_CONNECTION_WORDS,
        baseUrl: 'http://acme.viewcases.com/api/v1',
        user: 'u',
        token: 't',
      }),
    ).toThrow(/https/);
    expect(() =>
      createTrackopsApi({
        words: CLI_CONNECTION_WORDS,
        baseUrl: 'http://127.0.0.1:9/api/v1',
        user: 'u',
        token: 't',
      }),
    ).not.toThrow();
  });

  it('says a refused connection never reached the server', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const api = createTrackopsApi(
      { words: CLI_CONNECTION_WORDS, baseUrl: `http://127.0.0.1:${port}/api/v1`, user: 'u', token: 't' },
      { pacer: fast() },
    );
    const error = await api.createCaseRequest(body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(/ECONNREFUSED/);
    expect((error as NetworkError).mayHaveReachedServer).toBe(false);
  });
});

describe('API client with a scripted server (tolerant reading, retry rules)', () => {
  function scripted(answers: (() => Response)[]) {
    const seen: Request[] = [];
    const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      const next = answers.shift();
      if (!next) throw new Error('no scripted answer left');
      return next();
    }) as typeof fetch;
    const api = createTrackopsApi(
      {
        words: CLI_CONNECTION_WORDS,
        baseUrl: 'https://acme.viewcases.com/api/v1',
        user: 'ann',
        token: 'tok',
      },
      { pacer: fast(), fetch: fetchStub },
    );
    return { api, seen };
  }
  const json =
    (status: number, value: unknown, headers: Record<string, string> = {}) =>
    () =>
      new Response(JSON.stringify(value), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      });

  it('reads numbers as strings, composite values as JSON strings, and keeps unknown keys', async () => {
    const { api, seen } = scripted([
      json(200, {
        id: '42',
        budget_money: '1500',
        case_services_list: '21,23',
        custom_fields: [{ id: '101', value: '{"first_name":"Luis","last_name":"Martinez"}' }],
        subjects: [{ id: '7', is_primary: '1', custom_fields: [] }],
        client: { name: 'X' },
        brand_new_key: { kept: true },
      }),
    ]);
    const record = await api.getCaseRequest(42);
    expect(record).toMatchObject({
      id: 42,
      budget_money: 1500,
      case_services_list: [21, 23],
      custom_fields: [{ id: 101, value: { first_name: 'Luis', last_name: 'Martinez' } }],
      subjects: [{ id: 7, is_primary: true }],
      brand_new_key: { kept: true },
    });
    expect(seen[0]!.headers.get('authorization')).toBe(`Basic ${btoa('ann/token:tok')}`);
    expect(seen[0]!.headers.get('accept')).toBe('application/json');
    expect(seen[0]!.url).toBe('https://acme.viewcases.com/api/v1/case/requests/42');
  });

  it('never retries a POST after a 5xx (the create may have happened), but retries a PUT', async () => {
    const post = scripted([json(500, { message: 'boom' }), json(201, { id: 1 })]);
    await expect(post.api.createCaseRequest(body)).rejects.toBeInstanceOf(ServerError);
    expect(post.seen).toHaveLength(1);
    const put = scripted([json(502, { message: 'bad gateway' }), json(200, { id: 1, notes: 'n' })]);
    await expect(put.api.updateCaseRequest(1, { notes: 'n' })).resolves.toMatchObject({
      status: 200,
      record: { id: 1 },
    });
    expect(put.seen).toHaveLength(2);
    expect(await put.seen[1]!.json()).toEqual({ casefile_request: { notes: 'n' } });
  }, 10_000);

  it('a write answered 2xx by the API is done whatever its body: 204, {"success": true}', async () => {
    const { api, seen } = scripted([
      () => new Response(null, { status: 204 }),
      json(200, { success: true }),
      () => new Response('', { status: 201 }),
    ]);
    // Both are acknowledgements (API-NOTES "Writes"): done, with nothing to read back.
    await expect(api.updateCaseRequest(1, { notes: 'n' })).resolves.toEqual({
      status: 204,
      record: null,
      unreadable: '(no body)',
      acknowledged: true,
    });
    await expect(api.updateCaseRequest(1, { notes: 'n' })).resolves.toMatchObject({
      status: 200,
      record: null,
      unreadable: '{"success":true}',
      acknowledged: true,
    });
    await expect(api.createCaseRequest(body)).resolves.toMatchObject({ status: 201, record: null });
    expect(seen).toHaveLength(3);
  });

  it('a 2xx that is a web page or text, not JSON, is not an answer from the API: never a write done', async () => {
    const { api, seen } = scripted([
      () =>
        new Response(
          '<!DOCTYPE html><html><head><title>Sign in - Acme SSO</title></head><body>…</body></html>',
          {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
          },
        ),
      () => new Response('<html>created</html>', { status: 201 }),
      () => new Response('Please sign in', { status: 200, headers: { 'content-type': 'text/plain' } }),
    ]);
    const login = await api.createCaseRequest(body).catch((caught: unknown) => caught);
    expect(login).toBeInstanceOf(NotApiAnswerError);
    expect(writeMayHaveHappened(login)).toBe(true);
    expect((login as Error).message).toBe(
      'Trackops answered with a web page, not the API: a login page? POST case/requests got 200 text/html, "Sign in - Acme SSO". ' +
        'A sign-in gateway or proxy in front of Trackops answers so when its session has expired: sign in to it again (or check --url)',
    );
    const untyped = await api.updateCaseRequest(1, { notes: 'n' }).catch((caught: unknown) => caught);
    expect(untyped).toBeInstanceOf(NotApiAnswerError);
    expect((untyped as NotApiAnswerError).page).toBe('created');
    const text = await api.createCaseRequest(body).catch((caught: unknown) => caught);
    expect((text as Error).message).toMatch(
      /^Trackops answered with text, not the API's JSON: POST case\/requests got 200 text\/plain, "Please sign in"\./,
    );
    // Not retried, even a PUT: it is not a failure of the server's that passes.
    expect(seen).toHaveLength(3);
  });

  // Explore 29 item 8: "Down for maintenance" was called "a login page?", the clerk told to sign in.
  it.each([
    {
      what: 'a title of signing in',
      page: '<html><head><title>Sign in - Acme SSO</title></head><body>…</body></html>',
      signIn: true,
    },
    {
      what: 'a password field under another title',
      page: '<html><head><title>Acme Portal</title></head><body><form><input type=password name=pw></form></body></html>',
      signIn: true,
    },
    {
      what: 'a redirect to a sign-in address (meta refresh)',
      page: '<html><head><title>Redirecting…</title><meta http-equiv="refresh" content="0;url=https://sso.acme.example/login?return=x"></head></html>',
      signIn: true,
    },
    {
      what: 'a redirect to a sign-in address (script)',
      page: '<html><head><title>One moment</title><script>window.location.href = "/saml/login";</script></head></html>',
      signIn: true,
    },
    {
      what: 'no title nor heading, words of logging in',
      page: '<html><body>Please log in to continue.</body></html>',
      signIn: true,
    },
    {
      what: 'a maintenance notice whose footer links a login',
      page: '<html><head><title>Down for maintenance</title></head><body><a href="/login">Customer login</a></body></html>',
      signIn: false,
    },
    {
      what: "a gateway's own error page",
      page: '<html><head><title>Web server is returning an unknown error</title></head><body><h1>Error 520</h1></body></html>',
      signIn: false,
    },
  ])('a page with $what: called a sign-in page: $signIn', async ({ page, signIn }) => {
    const { api } = scripted([
      () => new Response(page, { status: 200, headers: { 'content-type': 'text/html' } }),
    ]);
    const error = (await api.createCaseRequest(body).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(NotApiAnswerError);
    expect(error.message.includes('a login page?') && error.message.includes('sign in to it again')).toBe(
      signIn,
    );
    if (!signIn)
      expect(error.message).toContain(
        "try again later, and if it goes on, ask the account's administrator what it means (or check --url)",
      );
  });

  it('a read answered with a page is a failure, shown as its words, truncated', async () => {
    const { api } = scripted([() => new Response('<html>' + 'x'.repeat(1000), { status: 200 })]);
    const error = await api.getCaseRequest(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotApiAnswerError);
    expect((error as NotApiAnswerError).page.startsWith('xxx')).toBe(true);
    expect((error as NotApiAnswerError).page.length).toBeLessThan(400);
  });

  it('a read answered 2xx with no body at all is a bad answer', async () => {
    const { api } = scripted([() => new Response(null, { status: 200 })]);
    const error = await api.getCaseRequest(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadResponseError);
  });
});

describe('the token stays out of errors', () => {
  it('a network failure or timeout, inspected with every cause, never shows the token', async () => {
    const { inspect } = await import('node:util');
    const probe = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    const held: Socket[] = [];
    const hanging = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const hangingPort = (hanging.address() as AddressInfo).port;
    try {
      const settings = (p: number) => ({
        words: CLI_CONNECTION_WORDS,
        baseUrl: `http://127.0.0.1:${p}/api/v1`,
        user: 'u',
        token: 'TOKEN-in-a-Request',
      });
      const reset = await createTrackopsApi(settings(port), { pacer: fast() })
        .createCaseRequest(body)
        .catch((error: unknown) => error);
      const timedOut = await createTrackopsApi(settings(hangingPort), { pacer: fast(), timeoutMs: 200 })
        .createCaseRequest(body)
        .catch((error: unknown) => error);
      for (const error of [reset, timedOut]) {
        expect(error).toBeInstanceOf(NetworkError);
        expect((error as NetworkError).mayHaveReachedServer).toBe(true);
        const shown = inspect(error, { depth: 20, showHidden: true });
        expect(shown).not.toContain('TOKEN-in-a-Request');
        expect(shown).not.toContain(btoa('u/token:TOKEN-in-a-Request'));
      }
      expect((timedOut as Error).message).toMatch(/timed out/);
    } finally {
      probe.close();
      for (const socket of held) socket.destroy();
      hanging.close();
    }
  });
});
