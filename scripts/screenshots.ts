/**
 * `npm run screenshots`: runs the browser end-to-end tests with their screenshots kept in docs/screenshots/
 * (plain `npm test` keeps them in a temporary folder, so the tree stays as it was). Look at them before
 * committing: they are the app's pictures in the README and docs/screenshots/README.md.
 */
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';

process.env.TRACKOPS_SCREENSHOTS_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const vitest = await startVitest(
  'test',
  ['test/app/e2e.test.ts', 'test/app/clerk-screens.test.ts', 'test/app/undo.test.ts'],
  {
    run: true,
    watch: false,
  },
);
await vitest.close();
const failed = vitest.state.getCountOfFailedTests() > 0 || process.exitCode === 1;
console.log(
  failed
    ? 'Screenshots: the end-to-end test failed; docs/screenshots/ may be partly retaken.'
    : `Screenshots retaken in ${process.env.TRACKOPS_SCREENSHOTS_DIR}`,
);
process.exit(failed ? 1 : 0);
