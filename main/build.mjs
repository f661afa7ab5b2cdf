// Builds the desktop app into dist/: main (ESM) and preload (CommonJS, as a sandboxed preload must be)
// with esbuild, and the demo account the built-in sandbox starts from. The renderer is built by vite.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
};

await build({
  ...common,
  entryPoints: ['main/main.ts'],
  outfile: 'dist/main/main.js',
  format: 'esm',
  // Dependencies stay in node_modules (electron-builder packs them); electron is provided at run time.
  packages: 'external',
});
await build({
  ...common,
  entryPoints: ['main/preload.ts'],
  outfile: 'dist/main/preload.cjs',
  format: 'cjs',
  minify: true,
  external: ['electron'],
});
// sandbox/demo-account.ts finds the demo account at ../samples/ from its own (bundled) location.
await mkdir(`${root}/dist/samples`, { recursive: true });
await copyFile(`${root}/samples/demo-account.json`, `${root}/dist/samples/demo-account.json`);
