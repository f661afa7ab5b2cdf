import { defineConfig } from 'vitest/config';

/**
 * Files that mock Electron's modules (vi.mock holds for the whole process) and the benchmark (it
 * computes, and spawns its own children) keep a process of their own each. Every other file shares a
 * worker process with the files before it (no isolation), which spares each the loading of core, the
 * sandbox and the app again: for the engine's 154 files several CPU-minutes; for the CLI's 104 (which
 * spawn the CLI but start their sandboxes in the test's process) 87 s of CPU in a measured run (459 s
 * in a process each, 372 s shared); for the 91 app files that drive the app in Chromium 116 s (272 s →
 * 156 s for the folder, measured with /usr/bin/time). A file that changes the process (TZ, say) puts
 * it back; the app's state lives in each startWebApp's instance, never in a module. The export folder
 * kept processes of its own after two of its files failed once when sharing one (the cause was not
 * found); its 23 files now pass sharing, in their order and in three runs with the files shuffled.
 */
const OWN_PROCESS = ['test/app/electron-main.test.ts', 'test/app/preload.test.ts', 'test/bench/**/*.test.ts'];

export default defineConfig({
  test: {
    // The CLI's --sandbox keeps an account file: tests keep theirs in a temporary folder, never in home.
    setupFiles: ['test/setup/sandbox-data.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Four files at once on two cores: most test files wait (on a sandbox's pace, a settle window, a
    // browser) far more than they compute: measured alone, a CLI file of 46 s used 8 s of CPU, an app
    // file of 30 s used 9 s, and the whole suite at two files at once kept the cores half idle (918 s
    // of CPU over 872 s). At four the cores are busy now: a fresh clone's run took 628 s; five at once
    // took 633.6 s with the cores 96 % busy (vmstat every 10 s), so more files at once gain nothing and
    // only the suite's CPU (CLI starts, browsers, LibreOffice) shortens it. Every test waits on events,
    // never on a wall-clock time, so sharing the cores slows a file down without failing it (a run of
    // four at once beside six other busy processes passed).
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          name: 'own-process',
          include: OWN_PROCESS,
        },
      },
      {
        extends: true,
        test: {
          name: 'shared-process',
          include: ['test/**/*.test.ts'],
          exclude: OWN_PROCESS,
          isolate: false,
          // One renderer build per run for the tests that drive the app in Chromium (made by the first
          // that needs it). Here, not at the top: a project inherits the top's globalSetup, so it ran thrice.
          globalSetup: ['test/setup/renderer-build-folder.ts'],
        },
      },
    ],
  },
});
