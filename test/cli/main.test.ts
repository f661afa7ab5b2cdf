// The entry point: help lists every command, unknown commands are usage errors (exit 2).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

describe('trackops-bulk entry point', () => {
  it('lists every registered command in --help', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    for (const name of Object.keys(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('rejects an unknown command with exit code 2 and says how to get help', async () => {
    const failure = await run(process.execPath, [bin, 'imprt']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain("unknown command 'imprt'");
  });
});
