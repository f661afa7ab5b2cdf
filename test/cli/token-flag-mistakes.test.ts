/**
 * Explore 51: `--token= TOKEN` (a space after the "=", or a script's `--token= $TOKEN`) left --token
 * empty and the token a stray word, which the usage error quoted whole on stderr (a shared screen, a
 * cron mail, a CI log) without ever saying that --token was empty. Now the empty secret flag is named
 * first and the word after it never shown; a stray word after a secret flag's value (a token holding a
 * space, unquoted) is named by where it stands, never quoted. Spawned as a user runs it.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const TOKEN = 'tok-S3CRET-4f9a7c21';
const URL = 'https://acme.viewcases.com/api/v1';

describe('a secret flag given empty, or a stray word after one, never shows the secret', () => {
  it('--token= TOKEN: says --token is empty and the word after it is not shown (export and a file command)', async () => {
    for (const args of [
      ['export', '--out', 'x.csv', '--url', URL, '--user', 'jo', '--token=', TOKEN],
      ['import', 'rows.csv', '--url', URL, '--user', 'jo', '--token=', TOKEN],
      ['check', '--token=', TOKEN, '--url', URL, '--user', 'jo'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr.trim(), args[0]).toBe(
        `trackops-bulk: ${args[0]}: --token= is given empty (a space after the "="?); the word after it is not shown, in case it is the token: write --token=VALUE with no space, or set TRACKOPS_TOKEN`,
      );
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    }
  });

  it("--token '' (a script's variable left unset) is said to be empty", async () => {
    const run = await runCli(['export', '--out', 'x.csv', '--url', URL, '--user', 'jo', '--token', '']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "trackops-bulk: export: --token is given an empty value (a script's variable left unset?): give --token VALUE, or set TRACKOPS_TOKEN",
    );
  });

  it('a token holding a space, unquoted: the stray half is named by where it stands, never quoted', async () => {
    const [first, second] = ['tok-S3CRET', '4f9a7c21'];
    const exported = await runCli([
      'export',
      '--out',
      'x.csv',
      '--url',
      URL,
      '--user',
      'jo',
      '--token',
      first,
      second,
    ]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain(
      'export: unexpected word after --token (not shown, in case it is part of the secret: a value holding a space goes in quotes)',
    );
    const imported = await runCli([
      'import',
      'rows.csv',
      '--url',
      URL,
      '--user',
      'jo',
      '--token',
      first,
      second,
    ]);
    expect(imported.code).toBe(2);
    expect(imported.stderr.trim()).toBe(
      'trackops-bulk: import: one file at a time; unexpected (a word after --token, not shown)',
    );
    // The file after the stray half: the half is what was taken for the file, and the file the extra.
    const fileLast = await runCli([
      'import',
      '--token',
      first,
      second,
      'rows.csv',
      '--url',
      URL,
      '--user',
      'jo',
    ]);
    expect(fileLast.code).toBe(2);
    expect(fileLast.stderr.trim()).toBe(
      "trackops-bulk: import: unexpected word after --token (not shown, in case it is part of the secret: a value holding a space goes in quotes), taken for the file before 'rows.csv'; give one file",
    );
    for (const run of [exported, imported, fileLast]) expect(run.stdout + run.stderr).not.toContain(second);
    // A stray word elsewhere is still quoted: it names the mistake.
    const other = await runCli(['import', 'rows.csv', 'more.csv']);
    expect(other.stderr.trim()).toBe("trackops-bulk: import: one file at a time; unexpected 'more.csv'");
  });
});
