/**
 * How every command reads its flags (cli/command-line.ts): a relative date given as the next argument,
 * a value starting with '-', a flag given twice, and the bare command. Parsed through the public
 * parser, and run as a user runs them where the whole command matters.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseFlags } from '../../cli/command-line.ts';
import { runCli } from './run-cli.ts';

const EXPORT_OPTIONS = {
  out: { type: 'string' },
  id: { type: 'string' },
  'updated-from': { type: 'string', dashValue: true },
  json: { type: 'boolean' },
} as const;

function usageMessage(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the command line was accepted');
}

describe('a value given as the next argument', () => {
  it('a date flag takes a relative date that starts with "-" (explore 10 item 4)', () => {
    const { values } = parseCommandLine('export', ['--updated-from', '-7d', '--json'], EXPORT_OPTIONS, false);
    expect(values['updated-from']).toBe('-7d');
    expect(values.json).toBe(true);
  });

  it('any other flag whose value starts with "-" is told how to give it, not "takes no value"', () => {
    expect(usageMessage(() => parseCommandLine('export', ['--out', '-x.csv'], EXPORT_OPTIONS, false))).toBe(
      "export: the value '-x.csv' of --out starts with '-', which reads as a flag; write --out=-x.csv (or --out ./-x.csv for a file)",
    );
    const { values } = parseCommandLine('export', ['--out=-x.csv'], EXPORT_OPTIONS, false);
    expect(values.out).toBe('-x.csv');
  });

  it("a flag followed by another of its command's flags says the value is missing", () => {
    expect(usageMessage(() => parseCommandLine('export', ['--out', '--json'], EXPORT_OPTIONS, false))).toBe(
      'export: --out needs a value, e.g. --out VALUE',
    );
    expect(usageMessage(() => parseCommandLine('export', ['--json=yes'], EXPORT_OPTIONS, false))).toBe(
      'export: --json takes no value; give it alone',
    );
  });

  it('a token starting with "-" is never shown in the message', () => {
    const message = usageMessage(() =>
      parseCommandLine('export', ['--token', '-secret-token-value'], EXPORT_OPTIONS, false),
    );
    expect(message).toContain('--token=VALUE');
    expect(message).not.toContain('secret-token-value');
  });
});

describe('a flag given twice (explore 10 item 5)', () => {
  it('a single-value flag given twice is refused, naming both values', () => {
    expect(
      usageMessage(() => parseCommandLine('export', ['--id', '1', '--id', '2'], EXPORT_OPTIONS, false)),
    ).toBe("export: --id is given twice ('1' and '2') and takes one value; give it once");
  });

  it('a flag meant to repeat keeps every value; a yes/no flag given twice is let be', () => {
    const { values } = parseFlags(
      'sandbox',
      ['--dialect', 'a', '--dialect', 'b', '--reset', '--reset'],
      { dialect: { type: 'string', multiple: true }, reset: { type: 'boolean' } },
      false,
    );
    expect(values).toEqual({ dialect: ['a', 'b'], reset: true });
  });

  it('two tokens are refused without showing either', () => {
    const message = usageMessage(() =>
      parseCommandLine(
        'export',
        ['--token', 'first-secret', '--token', 'second-secret'],
        EXPORT_OPTIONS,
        false,
      ),
    );
    expect(message).toBe(
      'export: --token is given twice (two values, not shown here) and takes one value; give it once',
    );
  });
});

describe('the commands as a user runs them', () => {
  it('export --updated-from -7d --created-to -1m: the documented relative dates, as separate arguments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-flags-'));
    const out = join(dir, 'recent.csv');
    const run = await runCli([
      'export',
      '--out',
      out,
      '--updated-from',
      '-7d',
      '--created-to',
      '-1m',
      '--sandbox',
      '--sandbox-data',
      join(dir, 'account.json'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: out, format: 'csv' });
    expect(await readFile(out, 'utf8')).toMatch(/^\uFEFF/);
  });

  it('a repeated --out writes nothing and exits 2; validate --report -r.json says how to name it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-flags-'));
    const twice = await runCli([
      'export',
      '--out',
      join(dir, 'a.csv'),
      '--out',
      join(dir, 'b.csv'),
      '--sandbox',
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(
      `--out is given twice ('${join(dir, 'a.csv')}' and '${join(dir, 'b.csv')}')`,
    );
    const dash = await runCli(['validate', 'referrals.csv', '--report', '-r.json']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toBe(
      "trackops-bulk: validate: the value '-r.json' of --report starts with '-', which reads as a flag; write --report=-r.json (or --report ./-r.json for a file)\n",
    );
  });

  it('a bare trackops-bulk (exit 2) prints the command list on stderr, --help on stdout (explore 10 item 8)', async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage: trackops-bulk <command>/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: trackops-bulk <command>/);
    expect(help.stderr).toBe('');
  });
});
