/**
 * A journal records the account its run writes to; a resume connected to another account is refused
 * (explore 17: a resume without --sandbox-data went into the default practice account, and one run's
 * rows ended up 4 in one account, 6 in another). Journals written before the account was recorded
 * resume as before.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openJournal } from '../../core/batch/journal.ts';
import { thisProcess } from '../../cli/journal-owner.ts';

const binding = { file: 'rows.csv', fileHash: 'h', mappingHash: 'm', mode: 'create' as const };

it('a resume into another account is refused, naming both; one into the same account, or of an older journal, is not', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'journal-account-'));
  const path = join(dir, 'j.jsonl');
  const first = await openJournal(
    path,
    { ...binding, account: 'https://acme.viewcases.com/api/v1' },
    {
      resume: false,
      owner: thisProcess(),
    },
  );
  await first.intent({ row: 2, op: 'create', at: new Date().toISOString(), fingerprint: 'f', content: 'c' });
  await first.outcome({ row: 2, status: 'created', id: 7 });
  await first.close();
  expect(JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!)).toMatchObject({
    account: 'https://acme.viewcases.com/api/v1',
  });

  await expect(
    openJournal(
      path,
      { ...binding, account: 'built-in sandbox /tmp/practice.json' },
      {
        resume: true,
        owner: thisProcess(),
      },
    ),
  ).rejects.toThrow(
    `journal ${path} is of a run into another account (https://acme.viewcases.com/api/v1), not built-in sandbox /tmp/practice.json: resuming would send the rest of its rows there`,
  );
  const same = await openJournal(
    path,
    { ...binding, account: 'https://acme.viewcases.com/api/v1' },
    {
      resume: true,
      owner: thisProcess(),
    },
  );
  expect(same.state.finished.get(2)).toMatchObject({ status: 'created', id: 7 });
  await same.close();
  // A host that does not say the account (an older caller) resumes as before.
  const unsaid = await openJournal(path, binding, { resume: true, owner: thisProcess() });
  await unsaid.close();
});
