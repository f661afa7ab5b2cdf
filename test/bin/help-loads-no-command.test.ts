/**
 * `trackops-bulk --help` lists the commands without loading any of them: each command's code (and
 * core, which every command imports) is loaded only when that command runs. Before, --help loaded all
 * eight to read one line from each, ≈ 0.1 s of CPU at every look at the list.
 *
 * What the spawned CLI loads is seen through Node's own module hooks (module.register in a preload of
 * this test), which name every file the bundle's loader reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/trackops-bulk.mjs');

/** Each module loaded, as a line `loaded <url>` on stderr. */
const HOOKS = `
export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n');
  return next(url, context);
}
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'help-loads-'));
  await writeFile(join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function loadedBy(args: string[]): Promise<{ stdout: string; loaded: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', join(dir, 'register.mjs'), BIN, ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        const loaded = [...stderr.matchAll(/^loaded (.+)$/gm)].map(([, url]) =>
          basename(fileURLToPath(url!)),
        );
        resolve({ stdout, loaded });
      },
    );
  });
}

/** A command's chunk in the bundle is named for its file: validate-XXXXXXXX.mjs. */
const commandChunks = (loaded: string[]) =>
  loaded.filter((file) => Object.keys(COMMANDS).some((name) => file.startsWith(`${name}-`)));

it('--help lists every command with its summary and loads none of them', async () => {
  const { stdout, loaded } = await loadedBy(['--help']);
  for (const name of Object.keys(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  expect(loaded).toContain('main.mjs');
  expect(commandChunks(loaded)).toEqual([]);
}, 30_000);

it('a command loads its own code (the hooks do see a command chunk when one runs)', async () => {
  const { loaded } = await loadedBy(['validate', '--help']);
  expect(commandChunks(loaded)).toEqual([expect.stringMatching(/^validate-\w+\.mjs$/)]);
}, 30_000);
