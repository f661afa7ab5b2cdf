/**
 * Explore 51: `check` kept the account's rate-limit headers as they came, and a gateway that limits per
 * key and names the key it counted (`x-ratelimit-key: apikey:TOKEN`) put the token on the screen and
 * twice into the --profile file, a file meant to be given to every later command and colleague. Header
 * values are now scrubbed like every other text of the server's, and a --profile file written by an
 * earlier version with the token in it is rewritten without it when a command reads it. Over real HTTP:
 * the sandbox behind a gateway adding such headers (the token, and the Authorization value it was sent)
 * to every answer.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { pass, running, startProxy } from '../batch/proxies.ts';
import { CLEAN } from '../samples/helpers.ts';
import { SECRET_TOKEN, TEMPLATE, runCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const PAIR = `importer/token:${SECRET_TOKEN}`;
const FORMS = [SECRET_TOKEN, PAIR, Buffer.from(PAIR).toString('base64')];

it('a rate-limit header naming the key is shown and saved with the token replaced', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-rate-key-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const gateway = running(
    await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      const authorization = request.headers.authorization ?? '';
      const key = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')[1];
      const answer = await forward();
      answer.headers['x-ratelimit-limit'] = '60';
      answer.headers['x-ratelimit-remaining'] = '59';
      answer.headers['x-ratelimit-key'] = `apikey:${key}`;
      answer.headers['x-ratelimit-client'] = authorization;
      pass(response, answer);
    }),
  );
  try {
    const run = await runCli('check', ['--profile', 'acme.json', '--rate', '100/s'], dir, {
      ...process.env,
      TRACKOPS_URL: gateway.baseUrl,
      TRACKOPS_USER: 'importer',
      TRACKOPS_TOKEN: SECRET_TOKEN,
    });
    expect(run.code).toBe(0);
    // The headers are still reported, each value with the secret replaced.
    expect(run.stdout).toContain(
      'x-ratelimit-limit: 60, x-ratelimit-remaining: 59, x-ratelimit-key: apikey:[redacted], x-ratelimit-client: Basic [redacted]',
    );
    const profile = await readFile(join(dir, 'acme.json'), 'utf8');
    expect(JSON.parse(profile).check.rateLimitHeaders).toMatchObject({
      'x-ratelimit-key': 'apikey:[redacted]',
      'x-ratelimit-client': 'Basic [redacted]',
    });
    for (const form of FORMS) {
      expect(run.stdout + run.stderr, form).not.toContain(form);
      expect(profile, form).not.toContain(form);
    }
  } finally {
    await gateway.close();
    await sandbox.close();
  }
}, 60_000);

it('a --profile file an earlier version wrote with the token is rewritten without it, the rest kept, and said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-rate-key-old-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const gateway = running(
    await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      const answer = await forward();
      answer.headers['x-ratelimit-limit'] = '60';
      answer.headers['x-ratelimit-key'] = 'apikey:the-key';
      pass(response, answer);
    }),
  );
  const env = {
    ...process.env,
    TRACKOPS_URL: gateway.baseUrl,
    TRACKOPS_USER: 'importer',
    TRACKOPS_TOKEN: SECRET_TOKEN,
  };
  try {
    // The profile is set-up, written by the check command's own code in this process (the same requests
    // and file as spawned; spawned, check --profile is the test above). Every validate is spawned.
    const checked = await commandInProcess('check', ['--profile', 'acme.json', '--rate', '100/s'], dir, env);
    expect(checked.code, checked.stderr).toBe(0);
    const path = join(dir, 'acme.json');
    const written = await readFile(path, 'utf8');
    // What an earlier version wrote: the key header as the gateway sent it, the token in it (in the
    // header kept and in the Rate limit finding that quotes it).
    const old = written.replaceAll('apikey:the-key', `apikey:${SECRET_TOKEN}`);
    expect(old.split(SECRET_TOKEN)).toHaveLength(3);
    await writeFile(path, old);

    const run = await runCli(
      'validate',
      [CLEAN, '--mapping', TEMPLATE, '--profile', 'acme.json', '--rate', '100/s'],
      dir,
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `--profile ${path} held the API token (an earlier version saved the account’s rate-limit headers as they came, one naming the key); ` +
        'it was rewritten without it, the rest kept. If the file was given to anyone, ask a Trackops admin for a new token',
    );
    const rewritten = await readFile(path, 'utf8');
    for (const form of FORMS) expect(rewritten + run.stdout + run.stderr, form).not.toContain(form);
    // Everything else as it was: the file differs from the one check wrote only where the token was.
    expect(rewritten).toBe(written.replaceAll('apikey:the-key', 'apikey:[redacted]'));

    // Said once: a clean file is read without a word.
    const again = await runCli(
      'validate',
      [CLEAN, '--mapping', TEMPLATE, '--profile', 'acme.json', '--rate', '100/s'],
      dir,
      env,
    );
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('held the API token');
    expect(await readFile(path, 'utf8')).toBe(rewritten);
  } finally {
    await gateway.close();
    await sandbox.close();
  }
}, 60_000);
