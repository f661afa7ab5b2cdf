import { defineConfig } from 'vitest/config';

/**
 * Files that mock Electron's modules (vi.mock holds for the whole process), the benchmark (it computes,
 * and spawns its own children) and the export folder keep a process of their own each. Every other file
 * shares a worker process with the files before it (no isolation), which spares each the loading of
 * core, the sandbox and the app again: for the engine's 154 files several CPU-minutes, for the CLI's 104
 * (which spawn the CLI but start their sandboxes in the test's process) 87 s of CPU in a measured run
 * (459 s in a process each, 372 s shared); for the 91 app files that drive the app in Chromium, 116 s
 * of CPU (272 s → 156 s for the folder, measured with /usr/bin/time: each started core, the sandbox,
 * the web app and playwright afresh). A file that changes the process (TZ, say) puts it back; the app's
 * state lives in each startWebApp's instance, never in a module.
 */
const OWN_PROCESS = [
  'test/app/electron-main.test.ts',
  'test/app/preload.test.ts',
  'test/bench/**/*.test.ts',
  // Two export files fail when they run after others of the folder in one process (since-last's start
  // time, round-trip-as-saved's LibreOffice edit): until that is understood, the folder keeps its own.
  'test/export/**/*.test.ts',
];

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
    // of CPU over 872 s). Every test waits on events, never on a wall-clock time, so sharing the cores
    // slows a file down without failing it (a run of four at once beside six other busy processes passed).
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
