/**
 * One folder per `vitest run` for the renderer's production build, shared by every test file that
 * drives the app in Chromium. Those files run in several worker processes at once, and a build per
 * process is a vite build (≈ 1 s, ≈ 0.6 s of CPU, more on a loaded machine) each: the first file that
 * needs it builds it here, the others wait for it (test/app/browser-harness.ts).
 *
 * Nothing is built here, so a run of tests that open no browser pays nothing. The folder is named to the
 * test processes through the environment (they inherit it) rather than vitest's provide/inject, because
 * the benchmark's app child (bench/children/app.ts) uses the same harness outside vitest: there, with no
 * folder named, it builds for its own process as before. Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RENDERER_BUILD_FOLDER_VARIABLE = 'TRACKOPS_TEST_RENDERER_BUILD';

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'trackops-renderer-test-'));
  process.env[RENDERER_BUILD_FOLDER_VARIABLE] = folder;
  // A worker's shared Chromium may still be writing its profile here as the run ends (ENOTEMPTY seen
  // once): removal is tried again a few times, and a folder left in TMPDIR is said, not a failed run.
  return () => {
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (error) {
      console.warn(`could not remove ${folder}: ${(error as Error).message}`);
    }
  };
}
