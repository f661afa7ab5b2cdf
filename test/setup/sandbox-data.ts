/**
 * Every test file gets its own `--sandbox` account file (and `--since-last` history) in a temporary
 * folder (TRACKOPS_SANDBOX_DATA, TRACKOPS_EXPORT_HISTORY, inherited by the CLI processes tests spawn), so no test ever writes to the real home folder and no
 * test file sees another's practice account. Removed when the file's tests end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'trackops-sandbox-data-'));
process.env.TRACKOPS_SANDBOX_DATA = join(folder, 'sandbox-account.json');
// `export --since-last` keeps its history in the same data folder: a test's stays in its own folder too.
process.env.TRACKOPS_EXPORT_HISTORY = join(folder, 'export-history.json');
afterAll(() => rmSync(folder, { recursive: true, force: true }));
