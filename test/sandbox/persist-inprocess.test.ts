import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountFileError, loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { call, seedExampleBody } from './helpers.ts';

describe('startSandbox({ dataFile }) writes every change back, serialized', () => {
  it('after concurrent writes the file equals the in-memory account and ids are unique', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-persist-'));
    const file = join(dir, 'account.json');
    const sandbox = await startSandbox({ dataFile: file, rate: 10_000 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          index % 5 === 4
            ? call(sandbox, 'PUT', `/case/requests/${index}`, {
                body: { casefile_request: { notes: `note ${index}` } },
              })
            : call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([
        ...Array(6).fill(200),
        ...Array(24).fill(201),
      ]);
      const created = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id);
      expect(new Set(created).size).toBe(24);
      expect(sandbox.stats().writesCommitted).toBe(30);
    } finally {
      await sandbox.close();
    }
    // Stopped: the change log is folded into the file, which alone holds the account again.
    expect(readdirSync(dir)).toEqual(['account.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(sandbox.account());
  });

  it('loads an existing file, removing temp files a crash left, and refuses an invalid one naming its problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-load-'));
    const file = join(dir, 'account.json');
    const account = await loadDemoAccount();
    account.case_requests = account.case_requests.slice(0, 3);
    writeFileSync(file, JSON.stringify(account));
    writeFileSync(join(dir, '.account.json.999.0.tmp'), '{"half": ');
    const sandbox = await startSandbox({ dataFile: file });
    try {
      expect((await call(sandbox, 'GET', '/case/requests?mode=count')).body).toEqual({
        record_count: 3,
        page_count: 1,
      });
      expect(readdirSync(dir)).toEqual(['account.json']);
    } finally {
      await sandbox.close();
    }
    account.case_regions = account.case_regions.map((region) => ({ ...region, is_default: true }));
    (account.fields[0] as { field_type_tag: string }).field_type_tag = 'PHONE';
    writeFileSync(file, JSON.stringify(account));
    const failure = startSandbox({ dataFile: file });
    await expect(failure).rejects.toBeInstanceOf(AccountFileError);
    await expect(failure).rejects.toThrow(/fields\.0\.field_type_tag/);
    // The host's remedy ends every refusal: the app has no --data flag to point elsewhere.
    const remedy = 'close the app and rename that file';
    await expect(startSandbox({ dataFile: file, dataFileRemedy: remedy })).rejects.toThrow(
      /field_type_tag.*\nClose the app and rename that file\.$/s,
    );
    writeFileSync(file, '{"half": ');
    await expect(startSandbox({ dataFile: file, dataFileRemedy: remedy })).rejects.toThrow(
      /is not JSON .*; close the app and rename that file$/,
    );
  });

  it('seeds a missing dataFile from the account option; an existing file wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    const file = join(dir, 'account.json');
    const account = await loadDemoAccount();
    account.case_requests = account.case_requests.slice(0, 2);
    const first = await startSandbox({ dataFile: file, account });
    await first.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).case_requests).toHaveLength(2);
    account.case_requests = [];
    const second = await startSandbox({ dataFile: file, account });
    try {
      expect(second.account().case_requests).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it('refuses an account whose regions have more than one default', async () => {
    const account = await loadDemoAccount();
    account.case_regions = account.case_regions.map((region) => ({ ...region, is_default: true }));
    await expect(startSandbox({ account })).rejects.toThrow(
      /at most one region can have is_default true \(found 6\)/,
    );
  });
});
