/**
 * Every test file gets its own `--sandbox` account file in a temporary folder (TRACKOPS_SANDBOX_DATA,
 * inherited by the CLI processes tests spawn), so no test ever writes to the real home folder and no
 * test file sees another's practice account. Removed when the file's tests end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'trackops-sandbox-data-'));
process.env.TRACKOPS_SANDBOX_DATA = join(folder, 'sandbox-account.json');
afterAll(() => rmSync(folder, { recursive: true, force: true }));
