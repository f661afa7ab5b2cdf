import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI's --sandbox keeps an account file: tests keep theirs in a temporary folder, never in home.
    setupFiles: ['test/setup/sandbox-data.ts'],
    // One renderer build per run for the tests that drive the app in Chromium (made by the first that needs it).
    globalSetup: ['test/setup/renderer-build-folder.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep parallel files modest so HTTP timing tests stay honest.
    maxWorkers: 2,
  },
});
