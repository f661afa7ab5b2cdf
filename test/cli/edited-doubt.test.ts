/**
 * A create in doubt (sent, stored by Trackops, its answer never reached the journal) whose request a
 * colleague then edited (explore 21 item 1): the content fingerprint no longer matches, so the row was
 * created a second time, by --resume without a word and by a later import with "does not hold it" said
 * as a fact. Now the same listing is looked at by what identifies the referral (identity-match.ts):
 * one edited request created right after the send is taken, said as a guess; several hold the row back,
 * named; none: sent, saying what was searched. Spawned CLI runs against a sandbox over HTTP, the edit
 * made through the sandbox's API a minute later by its clock; rows written by Python.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';

/** A journal as a run killed before its last `count` answers reached it leaves it: those outcome lines cut. */
async function cutAnswers(journal: string, count = 1): Promise<void> {
  const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
  const kept = [...lines];
  for (let cut = 0; cut < count; cut += 1) {
    const index = kept.findLastIndex((line) => JSON.parse(line).type === 'outcome');
    expect(JSON.parse(kept[index]!)).toMatchObject({ type: 'outcome', status: 'created' });
    kept.splice(index, 1);
  }
  await writeFile(journal, `${kept.join('\n')}\n`);
}

/** The setup: rows without claim numbers imported, then a colleague's edit a minute later (server clock). */
async function importedThenEdited(prefix: string, rows: number) {
  const dir = await mkdtemp(join(tmpdir(), `cli-edited-doubt-${prefix}-`));
  makeRows(
    join(dir, 'rows.csv'),
    rows,
    prefix,
    Array.from({ length: rows }, (_, i) => i),
    'Denver',
    'Edited',
    'Claim #',
  );
  let later = 0;
  const { sandbox, log } = await secretSandbox({ rate: 1000, now: () => new Date(Date.now() + later) });
  const env = connectionEnv(sandbox);
  const command = (results: string, ...more: string[]) => [
    'rows.csv',
    '--mapping',
    TEMPLATE,
    '--rate',
    '100/s',
    '--results',
    results,
    '--json',
    ...more,
  ];
  const first = await importCli(command('a.csv'), dir, env);
  expect(JSON.parse(first.stdout)).toMatchObject({ created: rows });
  const send = async (method: string, path: string, body: Record<string, unknown>) => {
    const answer = await fetch(`${sandbox.baseUrl}/${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      },
      body: JSON.stringify({ casefile_request: body }),
    });
    expect(answer.status).toBeLessThan(300);
    return (await answer.json()) as { id: number; case_request_number: string };
  };
  const edit = async (id: number, notes: string, more: Record<string, unknown> = {}) => {
    later = 60_000;
    await send('PUT', `case/requests/${id}`, { notes, ...more });
  };
  const requests = () => sandbox.account().case_requests;
  const posts = () => log.filter((entry) => entry.method === 'POST').length;
  return { dir, sandbox, env, command, send, edit, requests, posts };
}

describe('a create in doubt whose request was edited since', () => {
  it('--resume takes the one edited request created right after the send, says it guessed, sends nothing', async () => {
    const setup = await importedThenEdited('EDR', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      await setup.edit(last.id, 'Called claimant 12/5, left voicemail.');
      const before = setup.posts();
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(resumed.code).toBe(0);
      expect(setup.posts()).toBe(before);
      const results = await readFile(join(setup.dir, 'a.csv'), 'utf8');
      expect(results).toContain(
        `created,${last.id},${last.case_request_number},"found in Trackops, as a guess: an earlier run of this journal sent this row and got no answer (in doubt); no request holds this row's content now, but ${last.case_request_number} was created 0 s after the unanswered send`,
      );
      expect(results).toMatch(/edited since \(notes differ from this row\): taken to be this row's create/);
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);

  it('a later import with another --results takes it as the earlier create, said as a guess', async () => {
    const setup = await importedThenEdited('EDL', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      await setup.edit(last.id, 'Called claimant 12/5, left voicemail.');
      const before = setup.posts();
      const again = await importCli(setup.command('b.csv'), setup.dir, setup.env);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, skipped: 3, already_sent: 3 });
      expect(setup.posts()).toBe(before);
      expect(await readFile(join(setup.dir, 'b.csv'), 'utf8')).toMatch(
        new RegExp(
          `No request holds this row's content now, but ${last.case_request_number} was created 0 s after the unanswered send, .*edited since \\(notes differ from this row\\): taken, as a guess, to be that create`,
        ),
      );
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);

  it('two edited requests that may be the row in doubt: it is not sent, both are named', async () => {
    const setup = await importedThenEdited('EDS', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      // A colleague entered the same referral by hand right away, then both were worked on.
      const typed = await setup.send('POST', 'case/requests', {
        case_type_id: last.case_type_id,
        case_region_id: last.case_region_id,
        created_on: last.created_on,
        client: last.client,
        contact: last.contact,
        reference_value_2: last.reference_value_2,
        notes: 'Typed in by hand',
      });
      await setup.edit(last.id, 'Left a voicemail.');
      await setup.edit(typed.id, 'Left a voicemail too.');
      const before = setup.posts();
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(resumed.code).toBe(1);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 2, unsent: 1 });
      // Not "finish the run with --resume": a resume holds the row back again.
      expect(resumed.stderr).toContain(
        '1 row was held back: each may already be one of several requests Trackops holds (named in the results). Settle them by hand as their notes say; a --resume holds them back again.',
      );
      expect(resumed.stderr).not.toContain('To finish the run');
      expect(setup.posts()).toBe(before);
      const results = await readFile(join(setup.dir, 'a.csv'), 'utf8');
      expect(results).toContain(
        `not sent: an earlier run of this journal sent this row and got no answer (in doubt); no request holds this row's content now, but ${last.case_request_number}, ${typed.case_request_number} were created within`,
      );
      expect(results).toMatch(
        /Check them in Trackops: if one is this row's referral, nothing is left to send/,
      );
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);

  it('none there (its client changed too): sent again, saying it was in doubt and what was searched; rows never in doubt get no note', async () => {
    const setup = await importedThenEdited('EDN', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      await setup.edit(last.id, 'Moved to another carrier.', {
        client: { ...last.client, name: 'Other Mutual' },
      });
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(resumed.code).toBe(0);
      const results = (await readFile(join(setup.dir, 'a.csv'), 'utf8')).split('\r\n').filter(Boolean);
      expect(
        results.filter((line) =>
          line.includes(
            'sent again: an earlier run of this journal sent this row and got no answer (in doubt)',
          ),
        ),
      ).toHaveLength(1);
      expect(results.at(-1)).toMatch(
        /by this row's content, then by its case type, client, created-on date and reference values\) and none was found/,
      );
      // The rows the first run finished say nothing of a search.
      expect(results.filter((line) => /searched|as a guess/.test(line))).toHaveLength(1);
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);
});
