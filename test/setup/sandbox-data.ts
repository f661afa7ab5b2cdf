/**
 * Every test file gets its own temporary folder, removed when the file's tests end:
 * - its `--sandbox` account file, `--since-last` history and import locks (TRACKOPS_SANDBOX_DATA,
 *   TRACKOPS_EXPORT_HISTORY, TRACKOPS_RUN_LOCKS, inherited by the CLI processes tests spawn), so no test ever writes to the
 *   real home folder and no test file sees another's practice account;
 * - TMPDIR, so every `mkdtemp(tmpdir())` of a test, and of the CLIs, sandboxes and browsers it starts,
 *   is removed with it (test files used to leave thousands of folders in /tmp).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// The system's temporary folder, remembered before this file points TMPDIR into its own folder (a
// worker that runs several files must not nest each file's folder inside the previous one's).
const systemTemp = (process.env.TRACKOPS_TEST_SYSTEM_TMP ??= tmpdir());
const folder = mkdtempSync(join(systemTemp, 'trackops-test-'));
const temp = join(folder, 'tmp');
mkdirSync(temp);
process.env.TMPDIR = temp;
process.env.TRACKOPS_SANDBOX_DATA = join(temp, 'sandbox-account.json');
// `export --since-last` keeps its history in the same data folder: a test's stays in its own folder too.
process.env.TRACKOPS_EXPORT_HISTORY = join(temp, 'export-history.json');
// So do the locks of running imports (cli/run-lock.ts).
process.env.TRACKOPS_RUN_LOCKS = join(temp, 'run-locks');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The machine's extra certificate authorities are not the tests': they reach 127.0.0.1 only, over HTTP
// or under authorities they make and name to the CLI themselves (test/cli/untrusted-certificate.test.ts).
// Node 20 reads and parses the whole NODE_EXTRA_CA_CERTS file as each process starts, before any code
// runs: set to the system's bundle (/etc/ssl/certs/ca-certificates.crt, as on the machine this was
// measured on) that is ≈ 70 ms of CPU for every CLI a test spawns (`--version`: 0.14 s with it, 0.07 s
// without), and the suite spawns one about a thousand times.
delete process.env.NODE_EXTRA_CA_CERTS;

// This process is a test worker: its app sessions share one browser (test/app/browser-harness.ts). A
// mark on this process's globals, never in its environment, which the processes a test starts inherit:
// the quick benchmark's app child, started by a test, took the shared browser, kept it open when its
// sessions closed, and never exited (the test timed out at 240 s).
(globalThis as Record<symbol, unknown>)[Symbol.for('trackops-bulk.test-worker')] = true;
