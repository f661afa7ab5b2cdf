/**
 * `trackops-bulk import` run in this process (the CLI's own command, so every layer counts: reading,
 * validation, pacing, HTTP client, journal, results), against a sandbox another process serves.
 * Prints one JSON line: the CLI's --json summary plus the CPU seconds this process spent inside run().
 * The token comes from the environment, as a user would pass it.
 */
import { command } from '../../cli/commands/import.ts';

const argv = process.argv.slice(2);
let output = '';
const stdout = Object.assign(
  new (await import('node:stream')).Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  }),
  { isTTY: false },
);
const controller = new AbortController();
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const code = await command.run(argv, {
  stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
  hardSignal: new AbortController().signal,
  cwd: process.cwd(),
});
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const summary = JSON.parse(output.trim().split('\n').pop() ?? '{}');
process.stdout.write(
  JSON.stringify({ code, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, summary }) + '\n',
);
