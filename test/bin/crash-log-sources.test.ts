/**
 * A crash log names the TypeScript sources of our frames (file and line), whether the CLI ran from its
 * compiled bundle (bin/trackops-bulk.mjs, the usual start) or through tsx (the bin's fallback): support
 * reads it against the repository, where the bundle's main.cjs:5012 means nothing.
 *
 * The crash is real: the spawned CLI reads a CSV and the decoder it uses throws (a preload of this test
 * breaks TextDecoder for the file's text only), so the error climbs through core's reader and the map
 * command to the CLI's handler of unexpected errors, which writes the log into the TMPDIR given here
 * (cwd is the project, where `--import tsx` resolves).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/trackops-bulk.mjs');
const SAMPLE = join(ROOT, 'samples/referrals-clean.csv');

/** Breaks TextDecoder on the sample's header only: Node's own loader decodes with it too. */
const BREAK_DECODER = `
const decode = TextDecoder.prototype.decode;
TextDecoder.prototype.decode = function (...args) {
  const text = decode.apply(this, args);
  if (text.includes('Claim #,Policy No')) throw new TypeError('decoder broke for this test');
  return text;
};
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crash-log-sources-'));
  await writeFile(join(dir, 'break-decoder.mjs'), BREAK_DECODER);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function crash(start: string[]): Promise<{ code: number; stderr: string; log: string }> {
  const args = ['--import', join(dir, 'break-decoder.mjs'), ...start, 'map', SAMPLE];
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...process.env, TMPDIR: dir }, encoding: 'utf8' },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
  const logs = (await readdir(dir)).filter((name) => name.startsWith('trackops-bulk-error-'));
  const log = logs.length === 1 ? await readFile(join(dir, logs[0]!), 'utf8') : '';
  return { code, stderr, log };
}

/** The frames of the log that are in our code (neither Node's nor the test's preload). */
function ourFrames(log: string): { file: string; line: number }[] {
  return [...log.matchAll(/^\s+at (?:.+ \()?(.+?):(\d+):\d+\)?$/gm)]
    .map(([, file, line]) => ({ file: file!, line: Number(line) }))
    .filter(({ file }) => !file.startsWith('node:') && !file.includes('break-decoder'));
}

async function expectSourcesNamed(log: string): Promise<void> {
  expect(log).toContain('TypeError: decoder broke for this test');
  const frames = ourFrames(log);
  expect(frames.map(({ file }) => file.slice(ROOT.length))).toEqual(
    expect.arrayContaining(['core/read/text-encoding.ts', 'cli/commands/map.ts']),
  );
  for (const { file } of frames) expect(file).toMatch(/\.ts$/);
  // The line named is the one that threw, not a line of the bundle.
  const decoding = frames.find(({ file }) => file.endsWith('core/read/text-encoding.ts'))!;
  const source = (await readFile(decoding.file, 'utf8')).split('\n');
  expect(source[decoding.line - 1]).toContain('decoder.decode(');
}

it('a crash of the compiled CLI is logged with the TypeScript file and line of each of our frames', async () => {
  const { code, stderr, log } = await crash([BIN]);
  expect(code).toBe(70);
  expect(stderr).toContain('unexpected error (a bug, not something you did): decoder broke for this test');
  await expectSourcesNamed(log);
  expect(log).not.toContain('.cache/trackops-bulk');
}, 30_000);

it('so is a crash of the CLI run through tsx (the fallback when no bundle can be built)', async () => {
  const { code, log } = await crash(['--import', 'tsx', join(ROOT, 'cli/main.ts')]);
  expect(code).toBe(70);
  await expectSourcesNamed(log);
}, 30_000);
