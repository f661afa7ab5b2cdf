/**
 * The server's zone, learnt from a write's answer (core/api/stamp-zone.ts): what a stamp fresh in UTC,
 * in a whole zone, or in neither teaches; and the client over real HTTP, behind a proxy stamping local
 * time, reading stamps and sending filters in the zone the first create showed.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recallStampZone, rememberedStampZone, rememberStampZone } from '../../core/api/stamp-zone-memory.ts';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import {
  filterInZone,
  provesNotWest,
  unknownZoneHours,
  zoneName,
  zoneOfFreshStamp,
} from '../../core/api/stamp-zone.ts';
import type { TrackopsApi } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { pass, running, startLocalTimeProxy, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { referralLike } from '../helpers/sandbox-api.ts';

const ANSWERED = Date.parse('2026-12-07T15:00:10Z');

describe('the zone a fresh stamp is in', () => {
  it('rule: a stamp moments before the answer is UTC; whole quarter hours away, local time', () => {
    expect(zoneOfFreshStamp('2026-12-07 15:00:09', ANSWERED)).toBe(0);
    expect(zoneOfFreshStamp('2026-12-07 10:00:09', ANSWERED)).toBe(-300);
    expect(zoneOfFreshStamp('2026-12-07T20:30:10', ANSWERED)).toBe(330);
    expect(zoneOfFreshStamp('2026-12-08 04:45:10.250', ANSWERED)).toBe(825);
    // The header's whole seconds are cut: a stamp a second past it is still fresh.
    expect(zoneOfFreshStamp('2026-12-07 15:00:11', ANSWERED)).toBe(0);
  });

  it('rule: an older request, a stamp far from any zone, or one stating its zone teaches nothing', () => {
    expect(zoneOfFreshStamp('2026-12-07 14:58:00', ANSWERED)).toBeNull();
    expect(zoneOfFreshStamp('2026-12-07 10:07:00', ANSWERED)).toBeNull();
    expect(zoneOfFreshStamp('2026-12-06 15:00:09', ANSWERED)).toBeNull();
    expect(zoneOfFreshStamp('2026-12-07T10:00:09-05:00', ANSWERED)).toBeNull();
    expect(zoneOfFreshStamp('yesterday', ANSWERED)).toBeNull();
  });

  it('rule: a stamp read as UTC less than 45 minutes old proves the server is not west of UTC; older or ahead, nothing', () => {
    expect(provesNotWest('2026-12-07 14:20:11', ANSWERED)).toBe(true);
    expect(provesNotWest('2026-12-07 15:00:10', ANSWERED)).toBe(true);
    expect(provesNotWest('2026-12-07T15:01:00', ANSWERED)).toBe(true);
    // UTC−01:00, the nearest zone west, changed just now: an hour behind.
    expect(provesNotWest('2026-12-07 14:00:09', ANSWERED)).toBe(false);
    // A stamp in the server's future (east of UTC, or a wrong stamp) tells nothing here.
    expect(provesNotWest('2026-12-07 15:01:30', ANSWERED)).toBe(false);
    expect(provesNotWest('2026-12-07 20:30:00', ANSWERED)).toBe(false);
    expect(provesNotWest('2026-12-07T14:59:00-05:00', ANSWERED)).toBe(false);
  });

  it('a filter is sent in the zone, a date alone as given', () => {
    expect(filterInZone('2026-12-07 15:00:00', -300)).toBe('2026-12-07 10:00:00');
    expect(filterInZone('2026-12-07 15:00:00', 330)).toBe('2026-12-07 20:30:00');
    expect(filterInZone('2026-12-07', -300)).toBe('2026-12-07');
    expect(filterInZone('2026-12-07 15:00:00', 0)).toBe('2026-12-07 15:00:00');
    expect([zoneName(-300), zoneName(330), zoneName(0)]).toEqual(['UTC−05:00', 'UTC+05:30', 'UTC+00:00']);
  });
});

describe('the client against a server stamping local time', () => {
  let sandbox: RunningSandbox;
  let proxy: RunningProxy;
  let api: TrackopsApi;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, rate: 1000 });
    proxy = await startLocalTimeProxy(sandbox.baseUrl, -300);
    api = createTrackopsApi(
      { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
      { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
    );
  });
  afterEach(async () => {
    await proxy.close();
    await sandbox.close();
  });

  it('reads stamps as the server wrote them until a create shows the zone, then as UTC', async () => {
    const [one] = await api.listCaseRequests({}, { page: 1, perPage: 1 });
    const stored = sandbox.account().case_requests.find((record) => record.id === one!.id)!;
    // Nothing learnt yet: the documented UTC is assumed, and the stamp read as written (5 hours back).
    expect(api.stampZone?.learnt).toBeNull();
    expect(Date.parse(`${one!.created_at!.replace(' ', 'T')}Z`)).toBe(
      Date.parse(`${stored.created_at.replace(' ', 'T')}Z`) - 5 * 3600_000,
    );
    const answer = await api.createCaseRequest(referralLike(one!, 'ZONE-1'));
    expect(api.stampZone?.learnt).toMatchObject({ offsetMinutes: -300, id: answer.record!.id });
    const created = sandbox.account().case_requests.find((record) => record.id === answer.record!.id)!;
    expect(answer.record!.created_at).toBe(created.created_at);
    // From then on the stamps read are UTC, and a filter "entered since" finds the new request.
    const [again] = await api.listCaseRequests({}, { page: 1, perPage: 1 });
    expect(again!.created_at).toBe(stored.created_at);
    const since = await api.listCaseRequests(
      { created_from_system: created.created_at },
      { page: 1, perPage: 100 },
    );
    expect(since.map((record) => record.id)).toEqual([answer.record!.id]);
  });
});

describe('a read that shows the server does not stamp west of UTC', () => {
  it('a record changed minutes ago, read as UTC, is too fresh for any zone west: kept, and remembered', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startLocalTimeProxy(sandbox.baseUrl, -300);
    const folder = await mkdtemp(join(tmpdir(), 'stamp-zones-'));
    const client = (baseUrl: string) =>
      createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl,
          user: sandbox.username,
          token: sandbox.token,
          zoneMemory: { folder, account: baseUrl },
        },
        { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
      );
    try {
      const direct = client(sandbox.baseUrl);
      // Every stamp of the demo account is days old: a read shows nothing, the zone stays unknown.
      await direct.listCaseRequests({}, { page: 1, perPage: 100 });
      expect(direct.stampZone?.learnt).toBeNull();
      expect(unknownZoneHours(direct.stampZone)).toBe(12);
      // A colleague changes a request (another connection, its own answer not seen by this one).
      const [first] = await direct.listCaseRequests({}, { page: 1, perPage: 1 });
      await client(`${sandbox.baseUrl}/`).updateCaseRequest(first!.id, { notes: 'Changed just now' });
      // Behind the proxy stamping UTC−05:00 the change reads 5 hours old: still nothing shown.
      const west = client(proxy.baseUrl);
      await west.getCaseRequest(first!.id);
      await west.listCaseRequests({}, { page: 1, perPage: 100 });
      expect(west.stampZone?.learnt).toBeNull();
      // Read as the sandbox stamps (UTC), it is minutes old: not west of UTC, nothing else assumed.
      await direct.listCaseRequests({}, { page: 1, perPage: 100 });
      expect(direct.stampZone?.learnt).toMatchObject({ offsetMinutes: 0 });
      expect(direct.stampZone?.learnt?.from).toMatch(
        /^REQ-\d+ in the answer to GET case\/requests, stamped .* UTC, which no server stamping local time west of UTC could write$/,
      );
      expect(direct.stampZone?.observed).toBe(false);
      expect(unknownZoneHours(direct.stampZone)).toBe(0);
      // Remembered for the account: the next connection to it starts knowing, the proxy's does not.
      expect(unknownZoneHours(client(sandbox.baseUrl).stampZone)).toBe(0);
      expect(unknownZoneHours(client(proxy.baseUrl).stampZone)).toBe(12);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});

describe('a create answered with a request it did not make', () => {
  it('teaches nothing, even when its created_at lies a whole zone before the answer', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // A server that answers every create with an older request: created 5 hours before the answer's
    // Date to the second (as a fresh stamp at UTC−05:00 would be), changed since.
    const proxy = await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      if (request.method !== 'POST') return pass(response, await forward());
      const now = Date.now();
      const stamp = (millis: number) => new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
      const record = {
        ...sandbox.account().case_requests[0]!,
        created_at: stamp(now - 5 * 3600_000),
        updated_at: stamp(now - 3600_000),
      };
      pass(response, {
        status: 201,
        headers: { 'content-type': 'application/json', date: new Date(now).toUTCString() },
        body: Buffer.from(JSON.stringify(record)),
      });
    });
    try {
      const api = createTrackopsApi(
        { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
        { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
      );
      const [one] = await api.listCaseRequests({}, { page: 1, perPage: 1 });
      const answer = await api.createCaseRequest(referralLike(one!, 'OLD-1'));
      expect(answer.record?.id).toBe(sandbox.account().case_requests[0]!.id);
      expect(api.stampZone?.learnt).toBeNull();
      expect(api.stampZone?.offsetMinutes).toBe(0);
    } finally {
      await running(proxy).close();
      await sandbox.close();
    }
  });
});

describe("this computer's memory of an account's zone", () => {
  it('keeps what a write showed, per account; a damaged file is passed over as nothing remembered', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stamp-zones-'));
    const memory = { folder, account: 'https://acme.viewcases.com/api/v1' };
    expect(recallStampZone(memory)).toBeNull();
    rememberStampZone(memory, {
      offsetMinutes: -300,
      from: 'the answer to POST case/requests (REQ-00151)',
      id: 151,
      stamp: '2026-12-07 09:53:36',
      clock: '2026-12-07 14:53:36',
    });
    expect(recallStampZone(memory)).toEqual({
      offsetMinutes: -300,
      from: 'the answer to POST case/requests (REQ-00151)',
      stamp: '2026-12-07 09:53:36',
      clock: '2026-12-07 14:53:36',
      on: '2026-12-07',
    });
    expect(recallStampZone({ folder, account: 'https://other.viewcases.com/api/v1' })).toBeNull();
    // The file holds neither the address nor the token: its name is a hash of the account.
    const [file] = await readdir(folder);
    expect(file).toMatch(/^[0-9a-f]{32}\.json$/);
    await writeFile(join(folder, file!), '{"offsetMinutes": -7, "from": "x"');
    expect(recallStampZone(memory)).toBeNull();
    // A zone seen again, once, sets what the connection reads until its own write shows it.
    rememberStampZone(memory, {
      offsetMinutes: 330,
      from: 'f',
      stamp: 's',
      clock: '2026-12-08 01:00:00',
    });
    const zone = rememberedStampZone(memory);
    expect(zone.offsetMinutes).toBe(330);
    expect(zone.learnt?.from).toBe('f, seen by a run on this computer on 2026-12-08,');
    zone.observeWrite('2026-12-08 02:00:05', Date.parse('2026-12-08T02:00:06Z'), 'the answer to PUT x');
    expect(zone.offsetMinutes).toBe(0);
    // The server set right since: UTC kept, and read back as what the next run assumes.
    expect(recallStampZone(memory)).toMatchObject({ offsetMinutes: 0, from: 'the answer to PUT x' });
    await expect(readdir(folder)).resolves.toEqual([file]);
  });
});
