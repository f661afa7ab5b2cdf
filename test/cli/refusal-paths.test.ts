/**
 * A 422 names the refused value in the shape its server likes; the row's message names the column of
 * the file that gave it whatever that shape, and blames neither the mapping nor a column when the
 * answer names no field (explored: `casefile_request.client.country`, nested or dotted, was "No column
 * of the file gives it: fix it in the mapping"; a plain list of messages showed "(body)" twice). Real
 * HTTP: the sandbox behind a proxy that answers every create with the body under test, the CLI spawned.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startRefusingCreateProxy } from '../batch/proxies.ts';
import { importCli, SECRET_TOKEN, secretSandbox, TEMPLATE } from './import-helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
});
afterAll(async () => {
  await sandbox.close();
});

interface RowError {
  code: string;
  column: string | null;
  target: string | null;
  value: string | null;
  message: string;
}

/** Imports one row through a proxy answering `body` to its create: the row's errors in the results. */
async function refusedWith(body: unknown): Promise<{ errors: RowError[]; stdout: string }> {
  const proxy = await startRefusingCreateProxy(sandbox.baseUrl, body);
  try {
    const dir = await mkdtemp(join(tmpdir(), 'refusal-paths-'));
    makeRows(join(dir, 'rows.csv'), 1, 'PATH');
    const run = await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.json'],
      dir,
      {
        ...process.env,
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      },
    );
    expect(run.code).toBe(1);
    const out = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'));
    return { errors: out.rows[0].errors as RowError[], stdout: run.stdout };
  } finally {
    await proxy.close();
  }
}

const COUNTRY: Omit<RowError, 'message'> = {
  code: 'api_refused',
  column: 'Country',
  target: 'client.country',
  value: 'US',
};
const COUNTRY_WORDS =
  "Trackops refused this row: Country: is not a valid code (value 'US'). Fix it in the file and import it again.";

describe('a 422 path from the top of the body (its wrapper key first) names the column that gave it', () => {
  it.each([
    [
      'nested under the wrapper key',
      { errors: { casefile_request: { client: { country: ['is not a valid code'] } } } },
    ],
    [
      'dotted from the wrapper key',
      { errors: { 'casefile_request.client.country': ['is not a valid code'] } },
    ],
    [
      'in brackets from the wrapper key',
      { errors: { 'casefile_request[client][country]': ['is not a valid code'] } },
    ],
    ['without the wrapper key (as before)', { errors: { client: { country: ['is not a valid code'] } } }],
  ])(
    '%s: the Country column, its value, "fix it in the file"',
    async (_shape, body) => {
      const { errors, stdout } = await refusedWith(body);
      expect(errors).toEqual([{ ...COUNTRY, message: COUNTRY_WORDS }]);
      expect(stdout).not.toContain('No column of the file gives it');
      expect(stdout).not.toContain('casefile_request');
    },
    60_000,
  );
});

// Explore 29 item 5: the standard shapes of problem details, each naming its field its own way, were
// read as naming none ("named no field ... The request body failed validation").
describe('a 422 in a standard problem-details shape names the column its field errors point at', () => {
  it.each([
    [
      'RFC 7807 "invalid-params" [{name, reason}]',
      {
        type: 'https://trackops.example/problems/validation',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'The request body failed validation',
        'invalid-params': [{ name: 'client.country', reason: 'is not a valid code' }],
      },
    ],
    [
      'Symfony / API Platform "violations" [{propertyPath, message}]',
      {
        type: 'https://symfony.com/errors/validation',
        title: 'Validation Failed',
        detail: 'client.country: is not a valid code',
        violations: [
          { propertyPath: 'client.country', title: 'is not a valid code', message: 'is not a valid code' },
        ],
      },
    ],
    [
      'JSON:API errors [{source: {pointer}, detail}]',
      {
        errors: [
          {
            status: '422',
            source: { pointer: '/data/attributes/client/country' },
            title: 'Invalid Attribute',
            detail: 'is not a valid code',
          },
        ],
      },
    ],
    [
      'RFC 9457 errors [{pointer, detail}]',
      {
        type: 'https://trackops.example/problems/validation',
        title: 'Your request is not valid.',
        errors: [{ detail: 'is not a valid code', pointer: '#/casefile_request/client/country' }],
      },
    ],
  ])(
    '%s: the Country column, its value, "fix it in the file"',
    async (_shape, body) => {
      const { errors, stdout } = await refusedWith(body);
      expect(errors).toEqual([{ ...COUNTRY, message: COUNTRY_WORDS }]);
      expect(stdout).not.toContain('No column of the file gives it');
      expect(stdout).not.toContain('casefile_request');
    },
    60_000,
  );
});

describe('a 422 that names no field is said to name none: no column blamed, no "(body)"', () => {
  it('a plain list of messages: its words, and that Trackops named no field', async () => {
    const { errors, stdout } = await refusedWith({
      message: 'Validation failed',
      errors: ['Client country is not a valid code.'],
    });
    expect(errors).toEqual([
      {
        code: 'api_refused',
        column: null,
        target: null,
        value: null,
        message:
          'Trackops refused this row and named no field: Client country is not a valid code. Find the cell its ' +
          'words mean, fix it in the file (or in the mapping, if no column gives it), and import it again.',
      },
    ]);
    expect(stdout).not.toContain('(body)');
    expect(stdout).not.toContain('No column of the file gives it');
  }, 60_000);

  it('a message alone, ending in a full stop: one full stop, and that Trackops named no field', async () => {
    const { errors } = await refusedWith({ message: 'The given data was invalid.' });
    expect(errors[0]!.message).toBe(
      'Trackops refused this row and named no field: POST case/requests: the API refused the data (422): ' +
        'The given data was invalid. Find the cell its words mean, fix it in the file (or in the mapping, ' +
        'if no column gives it), and import it again.',
    );
  }, 60_000);
});

describe('a 422 of a shape this tool does not read is quoted as it came, not said to name no field', () => {
  it('its words and its members, the token scrubbed; no column blamed', async () => {
    const { errors, stdout } = await refusedWith({
      title: 'Unprocessable Entity',
      detail: 'Validation failed',
      problems: { 'client.country': 'is not a valid code' },
      // A gateway echoing the request's credentials: never shown.
      echo: { token: SECRET_TOKEN },
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'api_refused', column: null, target: null });
    expect(errors[0]!.message).toContain(
      'Trackops refused this row, in an answer this tool cannot read field by field (it is quoted as it came): ' +
        'POST case/requests: the API refused the data (422): Validation failed; its answer, as it came: ' +
        '{"title":"Unprocessable Entity","detail":"Validation failed","problems":{"client.country":"is not a valid code"},"echo":{"token":"',
    );
    expect(errors[0]!.message).not.toContain('named no field');
    expect(stdout).toContain('"problems":{"client.country":"is not a valid code"}');
    expect(stdout + JSON.stringify(errors)).not.toContain(SECRET_TOKEN);
  }, 60_000);
});

describe('a 202 is called accepted, not created', () => {
  it('202 {"message":"Accepted."} to a create (queued, not listed yet): its note says 202 (accepted)', async () => {
    const proxy = await startRefusingCreateProxy(sandbox.baseUrl, { message: 'Accepted.' }, 202);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'refusal-202-'));
      makeRows(join(dir, 'rows.csv'), 1, 'ACC');
      const run = await importCli(
        // The second look for it comes --recheck-after later: shortened, it finds nothing either.
        [
          'rows.csv',
          '--mapping',
          TEMPLATE,
          '--rate',
          '100/s',
          '--results',
          'out.json',
          '--recheck-after',
          '0.2',
        ],
        dir,
        {
          ...process.env,
          TRACKOPS_URL: proxy.baseUrl,
          TRACKOPS_USER: sandbox.username,
          TRACKOPS_TOKEN: sandbox.token,
        },
      );
      const row = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')).rows[0];
      expect(row.status).toBe('created');
      const said = (row.errors as RowError[]).map((error) => error.message).join(' ');
      expect(said).toContain('Trackops answered 202 (accepted)');
      expect(said).not.toContain('(created)');
      expect(said).not.toMatch(/\.\.|\.;/);
      expect(run.stdout).toContain('Trackops answered 202 (accepted)');
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
