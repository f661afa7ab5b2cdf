/**
 * Explore 51: a token read from a .env file saved on Windows (a trailing "\r") or pasted from an e-mail
 * (spaces around it) was sent as given; a gateway that trims the credentials it is given quoted back the
 * trimmed token, which the redactor (knowing only the exact value given) let through to stdout, the
 * results file and the journal. The CLI now removes the white space around the token and the user, says
 * so once without the value, and every form of the token a server may quote is scrubbed. What cannot be
 * trimmed (white space inside the token, quote marks, a user typed as "name/token") is named with the
 * 401 instead of only "check --user and --token".
 * Over real HTTP: the sandbox behind a gateway that trims and quotes the credentials in every form.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { pass, running, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { SECRET_TOKEN, TEMPLATE, importCli, runCli, secretSandbox } from './import-helpers.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';

const USER = 'importer';
const entities = (text: string) =>
  text.replace(/[^a-zA-Z0-9]/g, (character) => `&#x${character.charCodeAt(0).toString(16)};`);
const b64 = (text: string) => Buffer.from(text).toString('base64');
/** Every form of the token a server could quote back. */
const FORMS = [
  SECRET_TOKEN,
  `${USER}:${SECRET_TOKEN}`,
  `${USER}/token:${SECRET_TOKEN}`,
  encodeURIComponent(`${USER}/token:${SECRET_TOKEN}`),
  b64(`${USER}/token:${SECRET_TOKEN}`),
  entities(SECRET_TOKEN),
];

function expectNoSecret(where: string, text: string): void {
  for (const form of FORMS) expect(text.includes(form), `${where} holds ${form}`).toBe(false);
}

/**
 * A gateway that trims the Basic-auth user and token it is given (as many do) before passing the
 * request on, and refuses every create with a 422 quoting what it understood in each form above.
 */
async function startTrimmingGateway(target: string): Promise<RunningProxy & { received: string[] }> {
  const received: string[] = [];
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const decoded = Buffer.from(
      (request.headers.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon).trim();
    const token = decoded.slice(colon + 1).trim();
    received.push(decoded);
    request.headers.authorization = `Basic ${b64(`${user}:${token}`)}`;
    if (request.method === 'POST') {
      const pair = `${user}:${token}`;
      const text = JSON.stringify({
        message: `API token '${token}' of ${user} may not create requests`,
        errors: {
          'client.name': [
            `API token '${token}' of ${user}: pair ${pair}; encoded ${encodeURIComponent(pair)}; header ${b64(pair)}; page ${entities(token)}`,
          ],
        },
      });
      response.writeHead(422, { 'content-type': 'application/json' });
      return void response.end(text);
    }
    pass(response, await forward());
  });
  return { ...running(proxy), received };
}

describe('white space around the token is removed and said; no form of it is written', () => {
  let sandbox: RunningSandbox;
  let gateway: Awaited<ReturnType<typeof startTrimmingGateway>>;
  beforeAll(async () => {
    ({ sandbox } = await secretSandbox({ rate: 1000 }));
    // The sandbox wants the user as `importer/token`: the gateway passes on the trimmed pair as sent.
    gateway = await startTrimmingGateway(sandbox.baseUrl);
  });
  afterAll(async () => {
    await gateway.close();
    await sandbox.close();
  });

  it('a token from a Windows .env ("\\r" at its end): sent trimmed, said once, never written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-token-cr-'));
    makeRows(join(dir, 'rows.csv'), 2, 'TWS');
    const run = await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--journal', 'r.jsonl'],
      dir,
      {
        ...process.env,
        TRACKOPS_URL: gateway.baseUrl,
        TRACKOPS_USER: USER,
        TRACKOPS_TOKEN: `${SECRET_TOKEN}\r`,
      },
    );
    // Refused by the gateway, row by row (exit 1), after reads that the trimmed token made work.
    expect(run.code).toBe(1);
    expect(gateway.received.every((pair) => pair === `${USER}/token:${SECRET_TOKEN}`)).toBe(true);
    const said = run.stderr.split('\n').filter((line) => line.includes('TRACKOPS_TOKEN'));
    expect(said).toEqual([
      'trackops-bulk: TRACKOPS_TOKEN ended with a carriage return (\\r, as a file saved on Windows ends its lines); the white space was removed and the rest sent (the value is not shown)',
    ]);
    // What the gateway said is still there to read, with every form of the token replaced.
    expect(run.stdout).toContain(
      "API token '[redacted]' of importer/token: pair [redacted]; encoded [redacted]; header [redacted]; page [redacted]",
    );
    expectNoSecret('stdout and stderr', run.stdout + run.stderr);
    for (const name of await readdir(dir)) expectNoSecret(name, await readFile(join(dir, name), 'utf8'));
  }, 60_000);

  it('--token with spaces around it (a paste from an e-mail): check works, and says what it removed', async () => {
    const run = await runCli(
      'check',
      ['--url', sandbox.baseUrl, '--user', `${USER} `, '--token', ` ${SECRET_TOKEN}  `, '--rate', '100/s'],
      tmpdir(),
      { ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '' },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'trackops-bulk: --token began with a space and ended with spaces; the white space was removed and the rest sent (the value is not shown)',
    );
    expect(run.stderr).toContain('trackops-bulk: --user ended with a space;');
    expect(run.stdout).toContain(`as ${USER} with`);
    expectNoSecret('check', run.stdout + run.stderr);
  }, 60_000);

  it('a 401 names what looks wrong in the credentials, never showing the token', async () => {
    const check = (user: string, token: string) =>
      runCli(
        'check',
        ['--url', sandbox.baseUrl, '--user', user, '--token', token, '--rate', '100/s'],
        tmpdir(),
        {
          ...process.env,
          TRACKOPS_URL: '',
          TRACKOPS_USER: '',
          TRACKOPS_TOKEN: '',
        },
      );
    const cases: [string, string, string][] = [
      [
        `${USER}/token`,
        SECRET_TOKEN,
        `The user name given ends with /token, and the tool adds /token itself (it sent ${USER}/token/token): give the user name alone, ${USER}.`,
      ],
      [
        USER,
        SECRET_TOKEN.replace('-4f9', '\n-4f9'),
        'The token given holds a line break inside it: it may have been copied across a wrapped line or with words around it (the token is not shown).',
      ],
      [
        USER,
        `“${SECRET_TOKEN}”`,
        'The token given begins or ends with a quote mark: give the token without quotes.',
      ],
    ];
    for (const [user, token, words] of cases) {
      const run = await check(user, token);
      expect(run.code, words).toBe(3);
      expect(run.stderr, words).toContain('with 401 (not signed in)');
      expect(run.stderr, words).toContain(words);
      expectNoSecret(words, run.stdout + run.stderr);
    }
  }, 60_000);
});
