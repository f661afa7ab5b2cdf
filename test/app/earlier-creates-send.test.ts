/**
 * The desktop app's side of explore 16's duplicate: a file whose rows have no claim number, sent, one
 * bad cell fixed, and sent again. The fixed file is another file to its journal (the content changed),
 * so only what the earlier send of a file of that name into this account created, read from the app's
 * journals by content, keeps those rows from being created a second time, and the dry run says so
 * before the send. Through the app's HTTP
 * bridge against its built-in sandbox; rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { sendCounts } from '../../renderer/src/import/send-counts.ts';
import { callVerb, post } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
let app: RunningWebApp;
let dir = '';

const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

async function dryRun(bytes: Buffer, on: RunningWebApp = app): Promise<string> {
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(on, verb, payload);
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: bytes.toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const mapping = JSON.parse(await readFile(template, 'utf8'));
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping,
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 1, onlyErrors: false });
    if (page.summary.state === 'done') return runId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function send(runId: string, on: RunningWebApp = app): Promise<ImportStatus> {
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(on, verb, payload);
  await call('startImport', { runId, profileId: 'sandbox' });
  for (let tries = 0; tries < 1200; tries++) {
    const status = await call<ImportStatus>('importStatus', { runId });
    if (status.state === 'done') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the send never finished');
}

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  dir = await mkdtemp(join(tmpdir(), 'app-earlier-creates-'));
});
afterAll(() => app.close());

it('a fixed file sent again creates only the fixed row', { timeout: 60_000 }, async () => {
  makeRows(join(dir, 'rows.csv'), 5, 'AEC', [0, 1, 2, 3, 4], 'Denver', 'App fixed', 'Claim #');
  const good = await readFile(join(dir, 'rows.csv'));
  const lines = good.toString('utf8').split('\r\n');
  lines[2] = lines[2]!.replace(/,[^,]*@[^,]*,/, ',not-an-email,');
  const first = await send(await dryRun(Buffer.from(lines.join('\r\n'))));
  expect(first).toMatchObject({ created: 4 });

  // The dry run of the fixed file says what the send will do: 4 rows already sent, naming each
  // request, and not open to edits (a changed cell would make a second request); 1 to create.
  const runId = await dryRun(good);
  const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
  expect(page.summary).toMatchObject({ rows: 5, valid: 1, invalid: 0, sentEarlier: 4 });
  const sent = page.rows.filter((row) => row.sentEarlier);
  expect(sent.map((row) => row.row)).toEqual([2, 4, 5, 6]);
  const numbers = new Map(
    app.sandbox.account().case_requests.map((request) => [request.notes, request.case_request_number]),
  );
  for (const row of sent) {
    expect(row.action).toBe('already_sent');
    expect(row.sentEarlier).toMatchObject({
      file: 'rows.csv',
      caseRequestNumber: numbers.get(row.cells.at(-1) ?? null),
    });
  }
  const fix = await post(app, 'fixCell', { runId, row: 2, column: 'Claim #', value: 'AEC-NEW' });
  expect(fix.json.error?.message).toMatch(
    /^Row 2 is already in Trackops: your earlier send of rows\.csv on .* created it as REQ-\d+\. Leave it as it is/,
  );

  const again = await send(runId);
  expect(again).toMatchObject({ created: 1, skipped: 4, sentByEarlierImports: 4 });
  // The results screen's counts add up: 1 sent now, 4 there already, none left to send (it offered
  // "Send the remaining 4 rows" and called the send a trial).
  expect(sendCounts(page.summary, again)).toMatchObject({ created: 1, earlier: 4, remaining: 0 });
  const notes = app.sandbox
    .account()
    .case_requests.map((request) => request.notes ?? '')
    .filter((note) => note.startsWith('App fixed '));
  expect(notes.sort()).toEqual(['App fixed 0', 'App fixed 1', 'App fixed 2', 'App fixed 3', 'App fixed 4']);
});

it(
  'a sent row corrected in the file is refused in the dry run, naming the request; put back, it is already sent',
  {
    timeout: 60_000,
  },
  async () => {
    // An account of its own: the rows of the test above, much like these, are another file's referrals.
    // Its journals apart too: every browser-mode sandbox is "the app's built-in sandbox" to them.
    const own = await startWebApp({
      staticDir: '/nonexistent',
      log: () => {},
      // The lists of journals are kept beside the run locks' folder.
      runLocksDir: join(await mkdtemp(join(tmpdir(), 'app-edited-')), 'run-locks'),
    });
    const call = <T>(verb: string, payload: unknown) => callVerb<T>(own, verb, payload);
    const dryRunOn = (bytes: Buffer) => dryRun(bytes, own);
    const sendOn = (runId: string) => send(runId, own);
    try {
      makeRows(join(dir, 'edited.csv'), 4, 'AED', [0, 1, 2, 3], 'Denver', 'App edited', 'Claim #');
      const good = await readFile(join(dir, 'edited.csv'));
      const firstRun = await dryRunOn(good);
      expect(await sendOn(firstRun)).toMatchObject({ created: 4 });

      // Row 3's claimant phone corrected in the file (written by Python's csv module: no quotes).
      const lines = good.toString('utf8').split('\r\n');
      lines[2] = lines[2]!.replace('(720) 555-0101', '(720) 555-0199');
      const runId = await dryRunOn(Buffer.from(lines.join('\r\n')));
      const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
      expect(page.summary).toMatchObject({ rows: 4, valid: 0, invalid: 1, sentEarlier: 3 });
      const refused = page.rows.find((row) => row.row === 3)!;
      expect(refused.status).toBe('invalid');
      const number = own.sandbox
        .account()
        .case_requests.find((request) => request.notes === 'App edited 1')!.case_request_number!;
      const words = refused.problems.map((problem) => problem.message).join(' ');
      expect(words).toContain(
        `this row differs only in Claimant 1's Phone ("(720) 555-0199" here) from row 3 of rows.csv, which an earlier import created as ${number}`,
      );
      expect(words).toContain(`make the same correction to ${number} in Trackops`);

      // The clerk puts the old value back in the grid: the row is that create again, already sent.
      await call('fixCell', { runId, row: 3, column: 'Claimant Phone', value: '(720) 555-0101' });
      const after = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
      expect(after.summary).toMatchObject({ invalid: 0, sentEarlier: 4 });
      expect(await sendOn(runId)).toMatchObject({ created: 0, skipped: 4 });
      expect(
        own.sandbox.account().case_requests.filter((request) => request.notes?.startsWith('App edited ')),
      ).toHaveLength(4);
    } finally {
      await own.close();
    }
  },
);

it(
  "the dry run says a row whose earlier send's request its listing of the account no longer holds is created, as the send then does",
  { timeout: 60_000 },
  async () => {
    // explore 32 item 1 (the app's side): the dry run said "already sent" of requests the account no
    // longer held, read from the journal alone, though its listing of the whole account had just shown
    // they were not there. The practice account kept in a data folder, one request deleted between
    // two starts of the app (its journals apart from the other tests' apps).
    const dataDir = await mkdtemp(join(tmpdir(), 'app-earlier-gone-'));
    const options = {
      dataDir,
      staticDir: '/nonexistent',
      log: () => {},
      runLocksDir: join(dataDir, 'run-locks'),
    };
    // With claim numbers: 4 keys against the practice account's one page, so the check lists it all.
    // Checked again as a copy saved since (other line endings, by Python's csv module): another file
    // to its journal, so only what the earlier send created, by content, says those rows were sent.
    makeRows(join(dir, 'gone.csv'), 4, 'AGN', [], 'Denver', 'App gone');
    runPython(
      'import csv,sys\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8-sig")))\n' +
        'csv.writer(open(sys.argv[2],"w",newline="",encoding="utf-8"),lineterminator="\\n").writerows(rows)',
      [join(dir, 'gone.csv'), join(dir, 'gone-saved.csv')],
    );
    const rows = await readFile(join(dir, 'gone.csv'));
    const saved = await readFile(join(dir, 'gone-saved.csv'));
    expect(saved).not.toEqual(rows);
    const first = await startWebApp(options);
    try {
      expect(await send(await dryRun(rows, first), first)).toMatchObject({ created: 4 });
    } finally {
      await first.close();
    }
    const accountFile = join(dataDir, 'sandbox-account.json');
    const account = JSON.parse(await readFile(accountFile, 'utf8'));
    account.case_requests = account.case_requests.filter(
      (request: { notes?: string }) => request.notes !== 'App gone 0',
    );
    await writeFile(accountFile, JSON.stringify(account));

    const second = await startWebApp(options);
    try {
      const runId = await dryRun(saved, second);
      const page = await callVerb<DryRunPage>(second, 'dryRunPage', {
        runId,
        offset: 0,
        limit: 10,
        onlyErrors: false,
      });
      // As the grid counts: the 3 already sent apart, the 1 to create valid.
      expect(page.summary).toMatchObject({ rows: 4, valid: 1, invalid: 0, sentEarlier: 3 });
      const gone = page.rows.find((row) => row.row === 2)!;
      expect(gone.action).toBe('create');
      expect(gone.sentEarlier).toBeUndefined();
      expect(gone.notes?.map((note) => note.message).join(' ')).toMatch(
        /which Trackops no longer holds \(deleted since\?\): this check's listing of the whole account does not hold it, so an import would send the row again/,
      );
      expect(await send(runId, second)).toMatchObject({ created: 1, skipped: 3 });
    } finally {
      await second.close();
    }
  },
);
