import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../sandbox/index.ts';
import { call, seedExampleBody, type Target } from './helpers.ts';

const BIN = join(import.meta.dirname, '../../bin/trackops-bulk.mjs');
const LINE = /^sandbox listening on (http:\/\/127\.0\.0\.1:(\d+)\/api\/v1) user=(\S+) token=(\S+)$/;

interface Spawned {
  child: ChildProcess;
  target: Target;
  firstLine: string;
  stderr: () => string;
}

async function spawnSandbox(args: string[]): Promise<Spawned> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(() => {
    throw new Error(`sandbox exited before listening: ${stderr}`);
  });
  const [firstLine] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  const match = LINE.exec(firstLine);
  if (!match) throw new Error(`unexpected first line: ${firstLine}`);
  return {
    child,
    firstLine,
    target: { baseUrl: match[1]!, username: match[3]!, token: match[4]! },
    stderr: () => stderr,
  };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return exitOf(child).then(({ code }) => ({ code, stderr }));
}

/**
 * A port below Linux's ephemeral range (32768+), held by a probe server. A port from `listen(0)` would
 * come from that range, and the client sockets of tests running in parallel can take it in the moment
 * between closing the probe and the sandbox binding it.
 */
async function listenOutsideEphemeralRange(): Promise<{ probe: Server; port: number }> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const probe = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return { probe, port };
  }
}

describe('trackops-bulk sandbox (CLI)', () => {
  it('prints exactly the documented first line, serves, and stops cleanly on SIGTERM', async () => {
    const sandbox = await spawnSandbox([]);
    expect(sandbox.firstLine).toMatch(LINE);
    expect(sandbox.target.username).toBe('demo');
    expect(sandbox.target.token).toBe('demo-token');
    const answer = await call(sandbox.target, 'GET', '/case/requests?mode=count');
    expect(answer.body).toEqual({ record_count: 36, page_count: 2 });
    sandbox.child.kill('SIGTERM');
    expect(await exitOf(sandbox.child)).toEqual({ code: 0, signal: null });
    expect(sandbox.stderr()).toMatch(/sandbox stopped after 1 requests/);
  });

  it('listens on the --port asked for, and says so plainly when it is taken', async () => {
    const { probe, port } = await listenOutsideEphemeralRange();
    const taken = await run(['--port', String(port)]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    await new Promise((resolve) => probe.close(resolve));
    const sandbox = await spawnSandbox(['--port', String(port)]);
    expect(sandbox.firstLine).toBe(
      `sandbox listening on http://127.0.0.1:${port}/api/v1 user=demo token=demo-token`,
    );
    sandbox.child.kill('SIGTERM');
    expect((await exitOf(sandbox.child)).code).toBe(0);
  });

  it('closes cleanly on a SIGTERM sent the instant the first line is read (signal handler set before printing)', async () => {
    const exits = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const sandbox = await spawnSandbox([]);
        sandbox.child.kill('SIGTERM');
        return exitOf(sandbox.child);
      }),
    );
    expect(exits).toEqual(Array(4).fill({ code: 0, signal: null }));
  });

  it('stops cleanly on SIGINT (Ctrl-C)', async () => {
    const sandbox = await spawnSandbox(['--port', '0']);
    sandbox.child.kill('SIGINT');
    expect((await exitOf(sandbox.child)).code).toBe(0);
  });

  it('refuses bad flags with exit code 2 and a one-line reason', async () => {
    const rate = await run(['--rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate 'fast' is not a rate/);
    const faults = await run(['--faults', 'chaos=1']);
    expect(faults.code).toBe(2);
    expect(faults.stderr).toMatch(/--faults part 'chaos=1'/);
    const port = await run(['--port', 'eighty']);
    expect(port.code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-bad-'));
    writeFileSync(join(dir, 'account.json'), '{"version": 1, "credentials": [');
    const data = await run(['--data', join(dir, 'account.json')]);
    expect(data.code).toBe(2);
    expect(data.stderr).toContain(join(dir, 'account.json'));
    expect(data.stderr).toMatch(/is not JSON/);
  });
});

describe('--data FILE persistence (atomic: temp file, fsync, rename)', () => {
  it('creates a missing file from the demo account and keeps changes across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
    const file = join(dir, 'account.json');
    const first = await spawnSandbox(['--data', file]);
    expect(parseAccountFile(JSON.parse(readFileSync(file, 'utf8')), file).case_requests).toHaveLength(36);
    const created = await call(first.target, 'POST', '/case/requests', { body: seedExampleBody() });
    const updated = await call(first.target, 'PUT', '/case/requests/2', {
      body: { casefile_request: { notes: 'persisted note' } },
    });
    expect([created.status, updated.status]).toEqual([201, 200]);
    first.child.kill('SIGTERM');
    await exitOf(first.child);

    const second = await spawnSandbox(['--data', file]);
    try {
      expect((await call(second.target, 'GET', `/case/requests/${created.body.id}`)).body).toEqual(
        created.body,
      );
      expect((await call(second.target, 'GET', '/case/requests/2')).body.notes).toBe('persisted note');
      const next = await call(second.target, 'POST', '/case/requests', { body: seedExampleBody() });
      expect(next.body.id).toBe(created.body.id + 1);
      expect(next.body.series_number).toBe(created.body.series_number + 1);
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child);
    }
  });

  it('brings the file itself up to date while it runs, so a reader of FILE sees each answered change; a clean stop leaves no log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-live-'));
    const file = join(dir, 'account.json');
    const sandbox = await spawnSandbox(['--data', file]);
    const read = (): { id: number; notes: string | null }[] =>
      parseAccountFile(JSON.parse(readFileSync(file, 'utf8')), file).case_requests;
    try {
      for (const note of ['first note', 'second note']) {
        const created = await call(sandbox.target, 'POST', '/case/requests', { body: seedExampleBody() });
        const updated = await call(sandbox.target, 'PUT', '/case/requests/3', {
          body: { casefile_request: { notes: note } },
        });
        expect([created.status, updated.status]).toEqual([201, 200]);
        // A reader polling the file (a bounded number of looks, each after a short pause) finds both
        // changes without the sandbox stopping: folded in after the answers, off their path.
        let requests = read();
        for (let look = 0; look < 400; look++) {
          if (
            requests.some((r) => r.id === created.body.id) &&
            requests.find((r) => r.id === 3)?.notes === note
          )
            break;
          await new Promise((resolve) => setTimeout(resolve, 25));
          requests = read();
        }
        expect(
          requests.filter((r) => r.id === created.body.id),
          `request ${created.body.id}`,
        ).toHaveLength(1);
        expect(requests.find((r) => r.id === 3)?.notes).toBe(note);
      }
    } finally {
      sandbox.child.kill('SIGTERM');
    }
    expect(await exitOf(sandbox.child)).toEqual({ code: 0, signal: null });
    expect(readdirSync(dir)).toEqual(['account.json']);
    expect(read()).toHaveLength(38);
  });

  it('says on stderr when the file cannot be brought up to date, keeps the change in the log, and says when it is again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-fold-fails-'));
    const file = join(dir, 'account.json');
    const sandbox = await spawnSandbox(['--data', file]);
    const waitFor = async (seen: () => boolean): Promise<void> => {
      for (let look = 0; look < 400 && !seen(); look++)
        await new Promise((resolve) => setTimeout(resolve, 25));
    };
    try {
      // A folder where FILE was: the next fold cannot rename its temp file over it.
      const saved = readFileSync(file, 'utf8');
      rmSync(file);
      mkdirSync(join(file, 'in-the-way'), { recursive: true });
      const created = await call(sandbox.target, 'POST', '/case/requests', { body: seedExampleBody() });
      expect(created.status).toBe(201);
      await waitFor(() => sandbox.stderr().includes('could not bring'));
      expect(sandbox.stderr()).toContain(`sandbox: could not bring ${file} up to date (`);
      expect(sandbox.stderr()).toContain(`the changes are kept in ${file}.log beside it`);
      const logged = readFileSync(`${file}.log`, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(logged.map((line) => line.case_request.id)).toContain(created.body.id);
      rmSync(file, { recursive: true });
      writeFileSync(file, saved);
      const next = await call(sandbox.target, 'POST', '/case/requests', { body: seedExampleBody() });
      expect(next.status).toBe(201);
      await waitFor(() => sandbox.stderr().includes('up to date again'));
      expect(sandbox.stderr()).toContain(`sandbox: ${file} is up to date again`);
      const ids = parseAccountFile(JSON.parse(readFileSync(file, 'utf8')), file).case_requests.map(
        (r) => r.id,
      );
      expect(ids.filter((id) => id === created.body.id || id === next.body.id)).toHaveLength(2);
    } finally {
      sandbox.child.kill('SIGTERM');
    }
    expect((await exitOf(sandbox.child)).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['account.json']);
  });

  it('survives SIGKILL in the middle of a stream of writes: after a restart the file holds every acknowledged write, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-kill-'));
    const file = join(dir, 'account.json');
    const sandbox = await spawnSandbox(['--data', file, '--rate', '100000']);
    const acknowledged = new Map<number, string>();
    // Each lane updates its own demo request in turn: its note is the last acknowledged one, or the one
    // in flight when the kill came (stored, perhaps, but never answered).
    const notes = Array.from({ length: 6 }, () => ({ acknowledged: '', inFlight: '' }));
    let stop = false;
    let sent = 0;
    const worker = async (lane: number): Promise<void> => {
      while (!stop) {
        const body = seedExampleBody();
        const reference = `KILL-${lane}-${sent++}`;
        body.casefile_request.reference_value_1 = reference;
        try {
          const answer = await call(sandbox.target, 'POST', '/case/requests', { body });
          if (answer.status === 201) acknowledged.set(answer.body.id, reference);
          // Updates too, of the demo's requests: the change log must replay them over the file's.
          notes[lane]!.inFlight = `note ${reference}`;
          const put = await call(sandbox.target, 'PUT', `/case/requests/${lane + 1}`, {
            body: { casefile_request: { notes: notes[lane]!.inFlight } },
          });
          if (put.status === 200) notes[lane]!.acknowledged = notes[lane]!.inFlight;
        } catch {
          return; // the process was killed under this request
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, lane) => worker(lane));
    while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 5));
    sandbox.child.kill('SIGKILL');
    expect((await exitOf(sandbox.child)).signal).toBe('SIGKILL');
    stop = true;
    await Promise.all(workers);
    // Killed, not stopped: the writes answered since the last fold started wait in the change log beside
    // the file (FILE.log), unless the kill came just after a fold that covered them all.

    // A restart replays the log into the file, removes it, and continues from the stored state.
    const restarted = await spawnSandbox(['--data', file]);
    let count: number;
    try {
      expect(readdirSync(dir)).toEqual(['account.json']);
      count = (await call(restarted.target, 'GET', '/case/requests?mode=count')).body.record_count;
    } finally {
      restarted.child.kill('SIGTERM');
      await exitOf(restarted.child);
    }
    const account = parseAccountFile(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(account.case_requests).toHaveLength(count);
    const stored = new Map(account.case_requests.map((record) => [record.id, record]));
    for (const [id, reference] of acknowledged)
      expect(stored.get(id)?.reference_value_1, `acknowledged id ${id}`).toBe(reference);
    notes.forEach(({ acknowledged, inFlight }, lane) => {
      expect(acknowledged, `lane ${lane} had an update answered`).not.toBe('');
      expect([acknowledged, inFlight], `request ${lane + 1}`).toContain(stored.get(lane + 1)?.notes);
    });
    // Each acknowledged create once; ids and series numbers unique and contiguous after the demo's 36.
    const references = account.case_requests.map((record) => record.reference_value_1);
    for (const reference of acknowledged.values())
      expect(references.filter((value) => value === reference)).toHaveLength(1);
    const ids = account.case_requests.map((record) => record.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => index + 1));
    expect(new Set(account.case_requests.map((record) => record.case_request_number)).size).toBe(ids.length);
  });
});
