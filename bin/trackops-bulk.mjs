#!/usr/bin/env node
// `trackops-bulk`: runs the CLI from a compiled bundle that is rebuilt whenever a source changes
// (bin/compiled-cli.mjs), so that `npx trackops-bulk` works right after `npm install` with no build step
// a user must remember, and starts in a fraction of a second. Should no bundle be had, the TypeScript
// runs through tsx's loader as before (slower to start, same behaviour).
import { compiledCli, ROOT } from './compiled-cli.mjs';
import { runCompiled } from './run-compiled.mjs';

const compiled = await compiledCli({ root: ROOT, entry: 'cli/main.ts' });
if (compiled) {
  // Source maps are not enabled here: a crash log maps our frames to the TypeScript sources when it is
  // written (cli/stack-sources.ts), and a start that does not crash pays nothing for them.
  runCompiled(compiled.path, process.argv[2]);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
