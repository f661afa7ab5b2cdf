#!/usr/bin/env node
// `trackops-bulk`: runs the CLI from a compiled bundle that is rebuilt whenever a source changes
// (bin/compiled-cli.mjs), so that `npx trackops-bulk` works right after `npm install` with no build step
// a user must remember, and starts in a fraction of a second. Should no bundle be had, the TypeScript
// runs through tsx's loader as before (slower to start, same behaviour).
import { pathToFileURL } from 'node:url';
import { compiledCli, ROOT } from './compiled-cli.mjs';

const compiled = await compiledCli({ root: ROOT, entry: 'cli/main.ts' });
if (compiled) {
  // Stack traces in a crash log name the TypeScript sources, as they did through tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(compiled.path).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
