/**
 * An API address pasted with the credentials in it (`http://user:TOKEN@host/api/v1`, `…?api_token=TOKEN`)
 * is refused at the connection form with core's check (the CLI's --url check), never stored; a profile
 * saved with one before is not shown, not used and never written into an export: the app says why and
 * offers the address without them, and saving that fixes the profile. Browser mode's HTTP bridge in
 * front of the built-in sandbox, over real HTTP.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportStatus, ProfilesView, SavedFile } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

const settings = { require_client_address: false, require_client_phone: false };
/** The sandbox answers at once: no need for a real account's 1 request/s. */
const pace = { ratePerSecond: 50, concurrency: 1 };

let app: RunningWebApp;
let dataDir: string;
let token: string;
const answers: string[] = [];
const requests: string[] = [];
const call = async (verb: string, payload: unknown) => {
  const answer = await post(app, verb, payload);
  answers.push(answer.text);
  return answer.json;
};
const withUser = () => {
  const url = new URL(app.sandbox.baseUrl);
  return `http://demo%2Ftoken:${token}@${url.host}/api/v1`;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trackops-token-address-'));
  app = await startWebApp({
    dataDir,
    staticDir: dataDir,
    log: () => {},
    sandbox: { rate: 1000, onRequest: (entry) => requests.push(entry.url) },
  });
  token = app.sandbox.token;
});
afterAll(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function profilesFile(): Promise<string> {
  return readFile(join(dataDir, 'profiles.json'), 'utf8').catch(() => '');
}

describe('an address holding the token, at the connection form', () => {
  it.each([
    ['a user name and token', () => withUser(), 'holds a user name or password'],
    ['an api_token query', () => `${app.sandbox.baseUrl}?api_token=${token}`, 'has a query or fragment'],
    ['a fragment', () => `${app.sandbox.baseUrl}#token=${token}`, 'has a query or fragment'],
  ])(
    'is refused when it holds %s, naming what to enter instead, and nothing is stored',
    async (_, address, why) => {
      const answer = await call('saveProfile', {
        name: 'Acme',
        baseUrl: address(),
        user: app.sandbox.username,
        token,
        settings,
      });
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe('input');
      expect(answer.error?.message).toContain(why);
      // The address to use instead, as the CLI would take it.
      expect(answer.error?.message).toContain(`(${app.sandbox.baseUrl})`);
      expect(answer.error?.message).toContain('"API token"');
      expect(answer.error?.message).not.toContain(token);
      expect(await profilesFile()).not.toContain(token);
      const list = (await call('listProfiles', {})).value as ProfilesView;
      expect(list.profiles.map((profile) => profile.name)).toEqual(['Built-in sandbox (practice account)']);
    },
  );
});

describe('a profile stored with such an address (saved by an earlier version)', () => {
  let id = '';

  beforeAll(async () => {
    const saved = await call('saveProfile', {
      name: 'Acme',
      baseUrl: app.sandbox.baseUrl,
      user: app.sandbox.username,
      token,
      settings,
      pace,
    });
    expect(saved.ok).toBe(true);
    id = (saved.value as ProfilesView).activeId;
    // What profiles.json held before the form refused such addresses.
    const file = JSON.parse(await profilesFile()) as { profiles: { baseUrl: string }[] };
    file.profiles[0]!.baseUrl = withUser();
    await writeFile(join(dataDir, 'profiles.json'), JSON.stringify(file, null, 2));
  });

  it('is listed without the token, saying why it is not used and offering the address without it', async () => {
    const list = (await call('listProfiles', {})).value as ProfilesView;
    const acme = list.profiles.find((profile) => profile.id === id)!;
    expect(acme.baseUrl).toBe(app.sandbox.baseUrl);
    expect(acme.addressProblem).toEqual({
      message: `This profile's address holds a user name or password, which may be the API token, so it is not shown or used: on the Connection screen, save the profile with ${app.sandbox.baseUrl} instead (the token stays in "API token").`,
      suggestion: app.sandbox.baseUrl,
    });
  });

  it.each([
    ['exportOptions', { id: '' }],
    ['countExport', { profileId: '', filters: {} }],
    ['startExport', { profileId: '', filters: {}, columns: 'report', format: 'xlsx' }],
    ['testConnection', { id: '' }],
  ])('%s refuses it, saying why and how to fix it, before any request', async (verb, payload) => {
    const before = requests.length;
    const answer = await call(
      verb,
      Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, value === '' ? id : value])),
    );
    expect(answer.ok).toBe(false);
    expect(answer.error?.message).toBe(
      `'Acme': This profile's address holds a user name or password, which may be the API token, so it is not shown or used: on the Connection screen, save the profile with ${app.sandbox.baseUrl} instead (the token stays in "API token").`,
    );
    expect(requests.length).toBe(before);
  });

  it('saving the offered address fixes it: the token leaves profiles.json, and the export names the clean address', async () => {
    const saved = await call('saveProfile', {
      id,
      name: 'Acme',
      baseUrl: app.sandbox.baseUrl,
      user: app.sandbox.username,
      settings,
    });
    expect(saved.ok).toBe(true);
    expect(await profilesFile()).not.toContain(token);
    const fixed = (saved.value as ProfilesView).profiles.find((profile) => profile.id === id)!;
    expect(fixed.addressProblem).toBeUndefined();

    const started = await call('startExport', {
      profileId: id,
      filters: {},
      columns: 'report',
      format: 'xlsx',
    });
    expect(started.ok).toBe(true);
    let status = started.value as ExportStatus;
    while (status.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await call('exportStatus', { jobId: status.jobId })).value as ExportStatus;
    }
    expect(status.state).toBe('done');
    const file = (await call('saveExport', { jobId: status.jobId })).value as SavedFile;
    if (file.kind !== 'download') throw new Error('browser mode hands the file over as a download');
    const book = XLSX.read(Buffer.from(file.bytesBase64, 'base64'));
    const info = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Export info']!, { header: 1 });
    expect(info.find((row) => row[0] === 'Account')).toEqual([
      'Account',
      `${app.sandbox.baseUrl} as ${app.sandbox.username}`,
    ]);
    expect(JSON.stringify(info)).not.toContain(token);
  });

  it('no answer of the bridge carried the token', () => {
    for (const text of answers) expect(text).not.toContain(token);
  });
});
