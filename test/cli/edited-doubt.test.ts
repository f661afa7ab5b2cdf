/**
 * A create in doubt (sent, stored by Trackops, its answer never reached the journal) whose request a
 * colleague then edited (explore 21 item 1): the content fingerprint no longer matches, so the row was
 * created a second time, by --resume without a word and by a later import with "does not hold it" said
 * as a fact. Now the same listing is looked at by what identifies the referral (identity-match.ts):
 * edited requests created right after the send that may be it hold the row back, named (never taken:
 * explore 22 found a colleague's request for another claimant taken, the row lost); none: sent, saying
 * what was searched. Spawned CLI runs against a sandbox over HTTP, the edit
 * made through the sandbox's API a minute later by its clock; rows written by Python.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows, templateMapping } from '../batch/helpers.ts';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { startSwallowingCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox, spawnImport } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcess } from './command-in-process.ts';

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

/** A colleague's write in Trackops itself (the sandbox's API, as the web app would make it). */
async function fetchJson(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body: Record<string, unknown>,
): Promise<CaseRequestRecord> {
  const answer = await fetch(`${sandbox.baseUrl}/${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
    },
    body: JSON.stringify({ casefile_request: body }),
  });
  expect(answer.status).toBeLessThan(300);
  return (await answer.json()) as CaseRequestRecord;
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
  // Resumed at once after the send in doubt: no settle window (earlier-sends.ts; its own test has one).
  const env = { ...connectionEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
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
  // The first run is set-up, run by the import command's own code in this process (an import as spawned
  // is test/cli/import.test.ts's); every --resume and revert here, what the tests are about, is spawned.
  const first = await commandInProcess('import', command('a.csv'), dir, env);
  expect(JSON.parse(first.stdout)).toMatchObject({ created: rows });
  const send = (method: string, path: string, body: Record<string, unknown>) =>
    fetchJson(sandbox, method, path, body);
  const edit = async (id: number, notes: string, more: Record<string, unknown> = {}) => {
    later = 60_000;
    await send('PUT', `case/requests/${id}`, { notes, ...more });
  };
  const requests = () => sandbox.account().case_requests;
  const posts = () => log.filter((entry) => entry.method === 'POST').length;
  return { dir, sandbox, env, command, send, edit, requests, posts };
}

describe('a create in doubt whose request was edited since', () => {
  it('--resume holds the row back, naming the edited request created right after the send; sends nothing', async () => {
    const setup = await importedThenEdited('EDR', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      // A colleague raised its priority (custom field 12), left a note and wrote the carrier's name out
      // in full: with its carrier no longer the row's, nothing proves it the row's own create
      // (own-create.ts; edited-own-create.test.ts has the request found), so it is only named.
      await setup.edit(last.id, 'Called claimant 12/5, left voicemail.', {
        custom_fields: [{ id: 12, value: 'High' }],
        client: { ...last.client, name: `${String(last.client?.name)} Co.` },
      });
      const before = setup.posts();
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(resumed.code).toBe(1);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 2, unsent: 1 });
      expect(setup.posts()).toBe(before);
      const results = await readFile(join(setup.dir, 'a.csv'), 'utf8');
      // The seconds between the send and the request's creation are the machine's (a loaded one takes one or two).
      const [head, tail] = results.split(/created \d+ s after the unanswered send/);
      expect(head).toContain(
        `not sent: an earlier run of this journal sent this row and got no answer (in doubt); no request holds this row's content now, but ${last.case_request_number} has this row's case type and its client or a reference value it sets (${last.case_request_number}: `,
      );
      expect(tail).toMatch(/^, edited since, now differs from this row in client\.name, notes/);
      expect(results).toMatch(
        /it may be this row's create, edited since \(a guess, so the row is held back, not sent\)\. Check in Trackops: if one is this row's referral, nothing is left to send/,
      );
      // The claimant's name, shown as one line by the listing, is not said to differ (explore 23).
      expect(results).not.toMatch(/subject 1's custom field 101/);

      // The note's other way out: the row sent from a file of its own with "duplicates": "create" ...
      const lines = (await readFile(join(setup.dir, 'rows.csv'), 'utf8')).split('\r\n');
      await writeFile(join(setup.dir, 'row4.csv'), [lines[0], lines[3], ''].join('\r\n'));
      await writeFile(
        join(setup.dir, 'anyway.json'),
        JSON.stringify({ ...(await templateMapping()), duplicates: 'create' }),
      );
      const alone = await importCli(
        ['row4.csv', '--mapping', 'anyway.json', '--rate', '100/s', '--results', 'b.csv', '--json'],
        setup.dir,
        setup.env,
      );
      expect(JSON.parse(alone.stdout)).toMatchObject({ created: 1 });
      // ... and then the first run resumed: that request is the other run's, never taken as this one's
      // create; it is the row's request all the same (explore 26 item 2), so the row is settled by it,
      // said as that import's, not held back again nor sent.
      const again = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 2, unsent: 0, already_sent: 1 });
      expect(setup.posts()).toBe(before + 1);
      expect(await readFile(join(setup.dir, 'a.csv'), 'utf8')).toMatch(
        /not sent again: an earlier run of this journal sent this row and got no answer \(in doubt\).*another import of row4\.csv created this row's very content since \(its row 2, /,
      );
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);

  it("a colleague's request for another claimant of the claim is named, never taken: the row is not lost", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-edited-doubt-EDC-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EDC', [0, 1, 2], 'Denver', 'Claimant', 'Claim #');
    let later = 0;
    const { sandbox } = await secretSandbox({ rate: 1000, now: () => new Date(Date.now() + later) });
    // The third create is lost on the way: never stored, never answered; the import is killed waiting.
    const proxy = await startSwallowingCreateProxy(sandbox.baseUrl, 3);
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'a.csv', '--json'];
    try {
      const child = spawnImport(command, dir, env);
      await proxy.swallowed;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const first = sandbox.account().case_requests.at(-1)!;
      // A colleague types in the claim's second claimant at once (same carrier, policy, day), then works on it.
      const typed = await fetchJson(sandbox, 'POST', 'case/requests', {
        case_type_id: first.case_type_id,
        case_region_id: first.case_region_id,
        created_on: first.created_on,
        client: first.client,
        contact: first.contact,
        reference_value_2: first.reference_value_2,
        notes: 'Second claimant, typed in by hand',
      });
      later = 60_000;
      await fetchJson(sandbox, 'PUT', `case/requests/${typed.id}`, { notes: 'Called the second claimant.' });

      const resumed = await importCli([...command, '--resume'], dir, env);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 2, unsent: 1 });
      const results = await readFile(join(dir, 'a.csv'), 'utf8');
      expect(results).toContain(
        `no request holds this row's content now, but ${typed.case_request_number} has this row's case type and its client or a reference value it sets`,
      );
      expect(results).toMatch(
        /if none is, send this row from a file of its own with the mapping's ""duplicates"": ""create""/,
      );
      // Not taken: no row claims the colleague's request.
      expect(results).not.toMatch(new RegExp(`,${typed.id},${typed.case_request_number},`));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('two edited requests that may be the row in doubt: it is not sent, both are named', async () => {
    const setup = await importedThenEdited('EDS', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      // A colleague entered the same referral by hand right away, claimant included, then both were
      // worked on: each is what the row's send could have made (own-create.ts), so neither is taken.
      const typed = await setup.send('POST', 'case/requests', {
        case_type_id: last.case_type_id,
        case_region_id: last.case_region_id,
        created_on: last.created_on,
        client: last.client,
        contact: last.contact,
        reference_value_2: last.reference_value_2,
        notes: 'Typed in by hand',
        subjects: (last.subjects ?? []).map((subject) => ({
          subject_type_id: subject.subject_type_id,
          is_primary: subject.is_primary,
          is_pinned: subject.is_pinned,
          custom_fields: subject.custom_fields,
        })),
      });
      await setup.edit(last.id, 'Left a voicemail.');
      await setup.edit(typed.id, 'Left a voicemail too.');
      const before = setup.posts();
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      expect(resumed.code).toBe(1);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 2, unsent: 1 });
      // Not "finish the run with --resume": a resume holds the row back again.
      expect(resumed.stderr).toContain(
        '1 row was held back: each may already be in Trackops, as a request named in the results. Settle them by hand as their notes say; a --resume holds them back again.',
      );
      expect(resumed.stderr).not.toContain('To finish the run');
      // Said in a terminal: held back, not "in doubt" nor "stopped" (a resume only holds it back again).
      const words = await importCli(
        setup.command('a.csv', '--resume').filter((flag) => flag !== '--json'),
        setup.dir,
        setup.env,
      );
      expect(words.stdout).toContain(
        ', held back 1 (may already be in Trackops: the results name the requests)',
      );
      expect(words.stdout + words.stderr).not.toMatch(/in doubt \(its answer was lost\)|the run was stopped/);
      expect(setup.posts()).toBe(before);
      // Undo lists the held-back row as unknown, never as a create to delete.
      const revert = await runCli(
        ['revert', '--journal', join(setup.dir, 'a.journal.jsonl'), '--dry-run', '--rate', '100/s'],
        setup.env,
      );
      // Looked for as a resume would: none holds the row's values now; the results name the edited ones.
      expect(revert.stdout).toMatch(
        /row 4: this row's create was sent at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, if at all .*none holds this row's values now \(a request edited since would not be found\)\. The import's results \(a\.csv\) name any requests its run found that may be it\./,
      );
      expect(revert.stdout).not.toContain('row 4::');
      expect(revert.stdout).toContain(
        '2 created by the import (close or delete them in Trackops); 1 not known to be created by the import',
      );
      expect(setup.posts()).toBe(before);
      const results = await readFile(join(setup.dir, 'a.csv'), 'utf8');
      expect(results).toContain(
        `not sent: an earlier run of this journal sent this row and got no answer (in doubt); no request holds this row's content now, but ${last.case_request_number}, ${typed.case_request_number} have this row's case type and its client or a reference value it sets`,
      );
      expect(results).toMatch(/Check in Trackops: if one is this row's referral, nothing is left to send/);
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);

  it('none there (moved to another carrier and policy): sent again, saying it was in doubt and what was searched; rows never in doubt get no note', async () => {
    const setup = await importedThenEdited('EDN', 3);
    try {
      await cutAnswers(join(setup.dir, 'a.journal.jsonl'));
      const last = setup.requests().at(-1)!;
      // A colleague moved it to another carrier and policy: nothing identifies it as the row's any more.
      await setup.edit(last.id, 'Moved to another carrier.', {
        client: { ...last.client, name: 'Other Mutual' },
        reference_value_2: 'OTHER-POLICY',
      });
      const resumed = await importCli(setup.command('a.csv', '--resume'), setup.dir, setup.env);
      const results = (await readFile(join(setup.dir, 'a.csv'), 'utf8')).split('\r\n').filter(Boolean);
      expect(resumed.code).toBe(0);
      expect(
        results.filter((line) =>
          line.includes(
            'sent again: an earlier run of this journal sent this row and got no answer (in doubt)',
          ),
        ),
      ).toHaveLength(1);
      expect(results.at(-1)).toMatch(
        /by this row's content, then by its case type and its client or reference values among requests created right after the send and edited since\) and none was found/,
      );
      // The rows the first run finished say nothing of a search.
      expect(results.filter((line) => /searched|as a guess/.test(line))).toHaveLength(1);
    } finally {
      await setup.sandbox.close();
    }
  }, 60_000);
});
