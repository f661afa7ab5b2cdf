/**
 * Browser mode under test: build the renderer once, start the web app (sandbox included) on port 0,
 * and drive Debian's Chromium with playwright-core. Never downloads a browser.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebApp, type RunningWebApp, type WebAppOptions } from '../../main/web/web-app.ts';
import { RENDERER_BUILD_FOLDER_VARIABLE } from '../setup/renderer-build-folder.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Where `npm run screenshots` keeps the app's pictures (docs/screenshots/README.md). */
export const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
/**
 * Where a test run puts its screenshots: docs/screenshots/ only when `npm run screenshots` asks for it
 * (TRACKOPS_SCREENSHOTS_DIR), else a temporary folder, so `npm test` leaves the tree as it found it.
 */
export function screenshotsDir(): string {
  const asked = process.env.TRACKOPS_SCREENSHOTS_DIR;
  if (asked) return asked.endsWith('/') ? asked : `${asked}/`;
  const temporary = mkdtempSync(join(tmpdir(), 'trackops-screenshots-'));
  process.once('exit', () => rmSync(temporary, { recursive: true, force: true }));
  return `${temporary}/`;
}
/**
 * A picture of the page for people to look at, taken only when a folder for them was asked for
 * (TRACKOPS_SCREENSHOTS_DIR: `npm run screenshots`, or given by hand to look at a test's screens).
 * Under `npm test` no test reads such a picture and nobody opens its temporary folder, while each one
 * costs Chromium and this process ≈ 0.1 s of CPU (measured: 20 pictures of 15 files, 2.2 s in all): a
 * full page is a resize to the page's height, a raster of all of it and a PNG encoding. The pictures
 * a test checks (e2e, clerk-screens, undo) are taken with page.screenshot, always.
 */
export async function screenshotIfAsked(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  const asked = process.env.TRACKOPS_SCREENSHOTS_DIR;
  if (!asked) return;
  await page.screenshot({ path: join(asked, `${name}.png`), fullPage: options.fullPage ?? false });
}
/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, index) => bytes[index] !== byte))
    throw new Error('not a PNG file');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
/**
 * The renderer's production build. Under vitest, one per run, in the folder that
 * test/setup/renderer-build-folder.ts names, shared by every test file: they run in several worker
 * processes at once, and a build each cost ≈ 1 s (more on a loaded machine). Elsewhere (the
 * benchmark's app child) one per process. Either way outside the tree: a test run never races
 * `npm run build`.
 */
const sharedFolder = process.env[RENDERER_BUILD_FOLDER_VARIABLE];
export const RENDERER_TEST_DIR = sharedFolder
  ? join(sharedFolder, 'build')
  : join(tmpdir(), `trackops-renderer-test-${process.pid}`);
const staticDir = RENDERER_TEST_DIR;

let built: Promise<void> | null = null;

export function buildRenderer(): Promise<void> {
  built ??= sharedFolder ? sharedBuild(sharedFolder) : ownBuild();
  return built;
}

async function ownBuild(): Promise<void> {
  process.once('exit', () => rmSync(RENDERER_TEST_DIR, { recursive: true, force: true }));
  await viteBuild();
}

/**
 * The first test process to make the folder's `building` mark (mkdir: one wins) builds, then marks it
 * `ready`, or `failed` with the reason; the others wait for either mark.
 */
async function sharedBuild(folder: string): Promise<void> {
  const ready = join(folder, 'ready');
  const failed = join(folder, 'failed');
  try {
    mkdirSync(join(folder, 'building'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return waitForBuild(folder, ready, failed);
  }
  try {
    await viteBuild();
  } catch (error) {
    writeFileSync(failed, error instanceof Error ? error.message : String(error));
    throw error;
  }
  writeFileSync(ready, '');
}

async function waitForBuild(folder: string, ready: string, failed: string): Promise<void> {
  // A build takes seconds, longer on a loaded machine; two minutes means its process stopped mid-build.
  for (let waited = 0; waited < 120_000; waited += 100) {
    if (existsSync(ready)) return;
    if (existsSync(failed))
      throw new Error(`the renderer build in another test process failed: ${readFileSync(failed, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no renderer build in ${folder} after two minutes: the test process building it stopped`);
}

async function viteBuild(): Promise<void> {
  // vitest sets NODE_ENV=test, which gives React's development build and JSX transform: build what users run.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // Loaded here, not at the top: test processes that wait for another's build never load vite.
    const { build } = await import('vite');
    await build({
      configFile: fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: staticDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = before;
  }
  if (!existsSync(`${staticDir}/index.html`)) throw new Error('renderer build produced no index.html');
}

export interface BrowserSession {
  app: RunningWebApp;
  browser: Browser;
  page: Page;
  /** Errors the page logged or threw: a test ends by asserting there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowserSession(options: WebAppOptions = {}): Promise<BrowserSession> {
  // A clear failure, never a skip: .ci/run installs Debian's chromium when it is missing.
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install it with \`bash .ci/run\` (or \`apt-get install chromium\`).`,
    );
  await buildRenderer();
  const app = await startWebApp({ staticDir, ...options });
  const share = sharedFolder !== undefined && inTestWorker();
  const browser = await (share ? processBrowser(sharedFolder) : launchChromium());
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(app.openUrl);
  return {
    app,
    browser,
    page,
    pageErrors,
    close: async () => {
      // A context of the process's browser is closed, the browser kept for the next file (see processBrowser).
      await (share ? context.close() : browser.close());
      await app.close();
    },
  };
}

/**
 * A vitest worker (marked by test/setup/sandbox-data.ts on its globals): the environment's run folder is
 * inherited by the processes a test starts, which must not keep a browser that outlives their sessions.
 */
function inTestWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('trackops-bulk.test-worker')] === true;
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The process's browser under vitest (see processBrowser). */
let sharedBrowser: Promise<Browser> | null = null;

/**
 * Under vitest, one Chromium for all the test files a process runs one after the other (no isolation,
 * vitest.config.ts), each session in a context of its own (its own storage, downloads and pages, as a
 * fresh browser gives): a launch each cost ≈ 0.6 s of CPU more than a new context (measured: five
 * launches 5.2 s, one launch and five contexts 2.9 s). It runs until the process ends (Playwright
 * stops it then; Chromium also stops when its pipe to the process closes), its temporary folder
 * (profile, downloads, shared memory) in the run's folder, removed when the run ends, not in the
 * launching file's, removed when that file ends (test/setup/sandbox-data.ts). Launched again should it
 * have gone (a crash). Outside vitest (the benchmark's app child) each session has its own browser.
 */
function processBrowser(folder: string): Promise<Browser> {
  // Chained on the one before, so that two sessions opened at once share one launch.
  const before = sharedBrowser;
  sharedBrowser = (async () => {
    const browser = await before?.catch(() => null);
    return browser?.isConnected() ? browser : launchIn(folder);
  })();
  return sharedBrowser;
}

async function launchIn(runFolder: string): Promise<Browser> {
  mkdirSync(join(runFolder, 'browsers'), { recursive: true });
  const folder = mkdtempSync(join(runFolder, 'browsers', `${process.pid}-`));
  // Playwright makes the profile and downloads folders in os.tmpdir() as it launches, and Chromium
  // inherits TMPDIR: the file's own is put back as soon as the browser is up.
  const filesTemp = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    return await launchChromium();
  } finally {
    process.env.TMPDIR = filesTemp;
  }
}
