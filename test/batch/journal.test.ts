/**
 * The journal's promises (CONTRACTS section 1): bound to one file, mapping and mode; a torn last line
 * from a killed run is harmless; `--resume` without a journal starts; a create in doubt is looked for
 * before it is sent again, and sent once when it is truly absent.
 */
import { constants as fsConstants, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { fingerprintOf } from '../../core/batch/fingerprint.ts';
import { openJournal, sha256, type JournalBinding } from '../../core/batch/journal.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import {
  InputError,
  fileSource,
  openSheet,
  validateRows,
  type CaseRequestCreateBody,
} from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const binding: JournalBinding = { file: 'a.csv', fileHash: 'f1', mappingHash: 'm1', mode: 'create' };

describe('journal binding', () => {
  it('refuses to resume for another file, mapping or mode, saying which and what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-bind-'));
    const path = join(dir, 'j.jsonl');
    await (await openJournal(path, binding, { resume: false, owner: thisProcess() })).close();
    await expect(
      openJournal(path, { ...binding, fileHash: 'f2' }, { resume: true, owner: thisProcess() }),
    ).rejects.toThrow(/written for a different file \(a\.csv, or that file has changed since\)/);
    await expect(
      openJournal(path, { ...binding, mappingHash: 'm2' }, { resume: true, owner: thisProcess() }),
    ).rejects.toThrow(/written with a different mapping/);
    const otherMode = await openJournal(
      path,
      { ...binding, mode: 'update' },
      { resume: true, owner: thisProcess() },
    ).catch((e: unknown) => e);
    expect(otherMode).toBeInstanceOf(InputError);
    expect((otherMode as Error).message).toMatch(/--mode create/);
  });

  it('--resume with no journal yet simply starts; a torn last line is ignored; outcomes replay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-torn-'));
    const path = join(dir, 'j.jsonl');
    const first = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    await first.intent({ row: 2, op: 'create', at: new Date().toISOString(), fingerprint: 'x' });
    await first.outcome({ row: 2, status: 'created', id: 7 });
    await first.intent({ row: 3, op: 'create', at: new Date().toISOString(), fingerprint: 'y' });
    await first.outcome({
      row: 4,
      status: 'failed',
      error: { code: 'api_server_error', message: 'boom' },
      retryable: true,
    });
    await first.close();
    await appendFile(path, '{"type":"outcome","row":3,"sta'); // killed mid-write
    const again = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect([...again.state.finished.keys()]).toEqual([2]);
    expect([...again.state.inDoubt.keys()]).toEqual([3]);
    await again.outcome({ row: 3, status: 'created', id: 8 });
    await again.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    // The torn line was cut away (not left in the middle), and the new line continues the sequence.
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      type: 'outcome',
      row: 3,
      status: 'created',
      id: 8,
      seq: 5,
    });
    expect(again.notices.join()).toMatch(/last line was cut short/);
  });

  it('is refused when it is not a journal at all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-junk-'));
    const path = join(dir, 'j.jsonl');
    await writeFile(path, 'hello\n');
    await expect(openJournal(path, binding, { resume: true, owner: thisProcess() })).rejects.toThrow(
      /does not start with a trackops-bulk journal header/,
    );
  });
});

describe('synced appends', () => {
  // Issue 13: on Linux each write is its own data sync (one system call, one thread-pool trip), as
  // durable as write + fdatasync. Read from Linux's own record of the open file's flags, for a fresh
  // journal and for one resumed. Other systems keep write + datasync (journal.ts says why).
  it.runIf(platform() === 'linux')(
    'appends through a handle opened with O_DSYNC, fresh and resumed',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'journal-dsync-'));
      const path = join(dir, 'j.jsonl');
      const appendFlags = async (): Promise<number[]> => {
        const flags: number[] = [];
        for (const fd of await readdir('/proc/self/fd')) {
          const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
          if (target !== path) continue;
          const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
          const octal = /^flags:\s+([0-7]+)$/m.exec(info)?.[1];
          if (octal) flags.push(parseInt(octal, 8));
        }
        return flags;
      };
      const { O_DSYNC, O_APPEND } = fsConstants;
      for (const resume of [false, true]) {
        const journal = await openJournal(path, binding, { resume, owner: thisProcess() });
        const flags = await appendFlags();
        await journal.intent({
          row: resume ? 3 : 2,
          op: 'create',
          at: '2026-01-01T00:00:00.000Z',
          fingerprint: 'f',
        });
        await journal.close();
        expect(flags).toHaveLength(1);
        const [only = 0] = flags;
        expect(only & O_DSYNC).toBe(O_DSYNC);
        expect(only & O_APPEND).toBe(O_APPEND);
      }
      const rows = (await readFile(path, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((text) => JSON.parse(text).row);
      expect(rows).toEqual([undefined, 2, 3]);
    },
  );
});

describe('lines handed over together (group commit)', () => {
  it('settles each line only once it is in the file, in hand-over order, and reads back exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-group-'));
    const path = join(dir, 'j.jsonl');
    const journal = await openJournal(path, binding, { resume: false, owner: thisProcess() });
    const rows = Array.from({ length: 40 }, (_, index) => index + 2);
    const missingWhenSettled: number[] = [];
    // All handed over at once, as concurrent workers do; each checks the file the moment it settles.
    await Promise.all(
      rows.map((row) =>
        journal
          .intent({ row, op: 'create', at: '2026-01-01T00:00:00.000Z', fingerprint: `f${row}` })
          .then(() => {
            if (!readFileSync(path, 'utf8').includes(`"row":${row},`)) missingWhenSettled.push(row);
          }),
      ),
    );
    // Outcomes too are in the file when they settle (synced later, with the next intent or at close).
    await Promise.all(
      rows.map((row) =>
        journal.outcome({ row, status: 'created', id: row * 10 }).then(() => {
          if (!readFileSync(path, 'utf8').includes(`"row":${row},"status"`)) missingWhenSettled.push(row);
        }),
      ),
    );
    await journal.close();
    expect(missingWhenSettled).toEqual([]);
    const lines = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text));
    // The header is 0; then every intent and every outcome, one after another, none missing.
    expect(lines.map((line: { seq: number }) => line.seq)).toEqual(
      Array.from({ length: 1 + rows.length * 2 }, (_, index) => index),
    );
    const resumed = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect([...resumed.state.finished.keys()]).toEqual(rows);
    expect(resumed.state.inDoubt.size).toBe(0);
    await resumed.close();
  });
});

describe('resume reconciles creates in doubt', () => {
  async function setUp(prefix: string) {
    const dir = await mkdtemp(join(tmpdir(), 'journal-doubt-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, prefix);
    const mapping = { ...(await templateMapping()), mode: 'create' as const };
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const api = createTrackopsApi(
      { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
      { pacer: createPacer({ ratePerSecond: 1000 }) },
    );
    const reference = await api.getReference();
    const bodies: CaseRequestCreateBody[] = [];
    for await (const outcome of validateRows(await openSheet(fileSource(file)), mapping, { reference })) {
      bodies.push(outcome.body as CaseRequestCreateBody);
    }
    const journalPath = join(dir, 'j.jsonl');
    const journal = await openJournal(
      journalPath,
      {
        file: 'rows.csv',
        fileHash: sha256(await readFile(file)),
        mappingHash: sha256(JSON.stringify(mapping)),
        mode: 'create',
      },
      { resume: false, owner: thisProcess() },
    );
    return { dir, file, mapping, sandbox, api, bodies, journal, journalPath };
  }

  it.each([
    ['by its reference value', true],
    ['by content fingerprint alone', false],
  ])(
    'a create that reached the server before the crash is found %s, not sent again',
    async (_how, withLookup) => {
      const { file, mapping, sandbox, api, bodies, journal, journalPath } = await setUp('DBT');
      try {
        // Row 2: the intent was written, the POST was stored, the process died before the outcome.
        await journal.intent({
          row: 2,
          op: 'create',
          at: new Date().toISOString(),
          fingerprint: fingerprintOf(bodies[0]!),
          ...(withLookup ? { lookup: { filter: 'reference_value_1', value: 'DBT-0000' } } : {}),
        });
        await api.createCaseRequest(bodies[0]!);
        await journal.close();
        const postsBefore = sandbox.stats().byStatus['201'] ?? 0;
        const summary = await importInProcess({
          file,
          mapping,
          mode: 'create',
          sandbox,
          journal: journalPath,
          resume: true,
        });
        expect(summary).toMatchObject({ created: 3, failed: 0 });
        expect((sandbox.stats().byStatus['201'] ?? 0) - postsBefore).toBe(2);
        const stored = storedByReference(sandbox.account(), 'DBT-');
        expect([...stored.values()].map((list) => list.length)).toEqual([1, 1, 1]);
      } finally {
        await sandbox.close();
      }
    },
  );

  it('a create that never arrived is looked for, not found, and sent once', async () => {
    const { file, sandbox, bodies, journal, journalPath } = await setUp('ABS');
    const mapping = { ...(await templateMapping()), mode: 'create' as const };
    try {
      await journal.intent({
        row: 3,
        op: 'create',
        at: new Date().toISOString(),
        fingerprint: fingerprintOf(bodies[1]!),
      });
      await journal.close();
      const summary = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        journal: journalPath,
        resume: true,
      });
      expect(summary).toMatchObject({ created: 3, failed: 0 });
      expect([...storedByReference(sandbox.account(), 'ABS-').values()].map((list) => list.length)).toEqual([
        1, 1, 1,
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a results file fed back in', () => {
  it('re-sends only the rows that did not succeed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-refeed-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 6, 'RFD', [1, 4]);
    const mapping = await templateMapping();
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    try {
      const results = join(dir, 'results.csv');
      const first = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'a.jsonl'),
        results,
      });
      expect(first).toMatchObject({ created: 4, invalid: 2 });
      const again = await importInProcess({
        file: results,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'b.jsonl'),
      });
      expect(again).toMatchObject({ skipped: 4, invalid: 2, created: 0 });
      expect(storedByReference(sandbox.account(), 'RFD-').size).toBe(4);
    } finally {
      await sandbox.close();
    }
  });
});
