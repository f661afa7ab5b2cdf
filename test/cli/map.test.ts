/**
 * `trackops-bulk map` as a user runs it (a child process through bin/): against the sandbox (the
 * embedded one and one over real HTTP given by --url/--user/--token), offline, and its usage errors.
 * The written mapping is then used by `validate`, as the printed hint tells the user to.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import {
  columnsLeftForPerson,
  isToolColumn,
  loadMappingFile,
  type SuggestedMapping,
} from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { fixture } from '../read/helpers.ts';
import { cliInProcess } from './command-in-process.ts';
import { BAD_ROWS, CLEAN, MESSY, TEMPLATE } from '../samples/helpers.ts';

describe('map: a value translated from its spelling', () => {
  it('says the translation was guessed, for a person to check', async () => {
    const dir = await tempDir();
    const file = join(dir, 'regions.csv');
    // Python's csv module would write the same bytes: no quoting needed.
    await writeFile(file, 'Claim #,Region\r\nR-1,Mountain West\r\nR-2,Mountain Wst\r\nR-3,Midwest\r\n');
    const run = await runCli(['map', file, '--sandbox', '--out', join(dir, 'm.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '  Region: warning: guessed from spelling, check it: "Mountain Wst" → Mountain West (the mapping\'s "values" sends it so; change or remove it if it is wrong)',
    );
    const mapping = await loadMappingFile(join(dir, 'm.json'));
    expect(mapping.columns.find((column) => column.column === 'Region')?.values).toEqual({
      'Mountain Wst': 'Mountain West',
    });
  });
});

describe('map on the messy sample', () => {
  it('--sandbox --out: the table, the one column left for a person, a mapping validate then uses', async () => {
    const out = join(await tempDir(), 'proposed.json');
    const run = await runCli(['map', MESSY, '--sandbox', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Read sheet "Referrals" \(sheet 1 of 1\)\.\nProposed mapping for .*referrals-messy\.xlsx, sheet "Referrals" \(28 columns, header in row 4, values of 30 rows looked at\), using the account at built-in sandbox/,
    );
    expect(run.stdout).toMatch(/\n {2}Claimant DOB +subjects\.0\.custom_fields\.102 +98% {2}account\n/);
    expect(run.stdout).toMatch(/\n {2}Priority +custom_fields\.12 +98% {2}account {2}\(decide\)\n/);
    expect(run.stdout).toContain('Left for a person (1): Priority.');
    expect(run.stdout).toContain(`Mapping written to ${out}`);
    const mapping = await loadMappingFile(out);
    expect(mapping.columns).toHaveLength(27);

    const validated = await runCli(['validate', MESSY, '--mapping', out, '--sandbox', '--json']);
    expect(validated.code).toBe(1);
    const summary = JSON.parse(validated.stdout) as { rows: number; invalid: number };
    // All of the sample's bad rows but the one whose only problem is in the Priority column.
    const expected = Object.values(BAD_ROWS).filter((bad) => bad.column !== 'Priority').length;
    expect(summary).toMatchObject({ rows: 30, invalid: expected });
  });

  it('--json against a sandbox over HTTP: the proposal object, and the token never printed', async () => {
    let sandbox: RunningSandbox | null = null;
    try {
      sandbox = await startSandbox({ port: 0 });
      const run = await runCli(
        ['map', MESSY, '--json', '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '40/s'],
        {
          TRACKOPS_TOKEN: sandbox.token,
        },
      );
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(sandbox.token);
      const proposal = JSON.parse(run.stdout) as SuggestedMapping;
      expect(proposal.offline).toBe(false);
      expect(proposal.columns).toHaveLength(28);
      expect(proposal.mapping.subjects).toEqual([
        { subject_type_id: 1, is_primary: true, is_pinned: true },
        { subject_type_id: 2, is_primary: false, is_pinned: false },
      ]);
    } finally {
      await sandbox?.close();
    }
  });

  it('a wrong token: exit 3 with the reason, nothing written', async () => {
    let sandbox: RunningSandbox | null = null;
    try {
      sandbox = await startSandbox({ port: 0 });
      const out = join(await tempDir(), 'never.json');
      const run = await runCli(['map', MESSY, '--url', sandbox.baseUrl, '--user', 'demo', '--out', out], {
        TRACKOPS_TOKEN: 'wrong-token-123',
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /^trackops-bulk: map: cannot read the account's reference data from http:\/\/127\.0\.0\.1:\d+\/api\/v1 as demo: /,
      );
      expect(run.stderr).not.toContain('wrong-token-123');
      await expect(readFile(out)).rejects.toThrow(/ENOENT/);
    } finally {
      await sandbox?.close();
    }
  });
});

describe("map on the tool's own files: _status, _errors, _id, … are ours, not data", () => {
  // The built-in sandbox allows 50 requests a second: each run's 30-odd go at the tests' pace, not
  // --sandbox's 20/s (six runs of this test, all within the default 30 s a test has).
  const PACE = ['--rate', '100/s'];
  it('a dry-run report (.xlsx) and import results (.csv) leave only Priority for a person, as the sample does', async () => {
    const dir = await tempDir();
    const report = join(dir, 'report.xlsx');
    const results = join(dir, 'results.csv');
    // The two files are set-up, written by the validate and import commands' own code in this process
    // (spawned, the same dry-run report is test/cli/validate.test.ts's "--sandbox --report .xlsx", an
    // import --sandbox --results test/cli/sandbox-data.test.ts's); every map of them is spawned.
    expect(
      (
        await cliInProcess([
          'validate',
          MESSY,
          '--mapping',
          TEMPLATE,
          '--sandbox',
          ...PACE,
          '--report',
          report,
        ])
      ).code,
    ).toBe(1);
    expect(
      (
        await cliInProcess([
          'import',
          MESSY,
          '--mapping',
          TEMPLATE,
          '--sandbox',
          ...PACE,
          '--results',
          results,
        ])
      ).code,
    ).toBe(1);
    for (const [file, ours] of [
      [report, ['_status', '_errors', '_action']],
      [results, ['_status', '_id', '_case_request_number', '_error']],
    ] as const) {
      const run = await runCli(['map', file, '--sandbox', ...PACE, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const proposal = JSON.parse(run.stdout) as SuggestedMapping;
      expect(proposal.columns.map((column) => column.column)).toEqual(expect.arrayContaining([...ours]));
      expect(columnsLeftForPerson(proposal), file).toEqual(['Priority']);
      for (const column of proposal.columns.filter((c) => isToolColumn(c.column)))
        expect(column, file).toMatchObject({ status: 'unmatched', target: null });
      expect(proposal.mapping.columns.filter((column) => isToolColumn(column.column))).toEqual([]);
      // `_id` must not take the id target (a create would then send ids of requests made by the earlier run).
      expect(proposal.mapping.columns.map((column) => column.target)).not.toContain('id');

      const readable = await runCli(['map', file, '--sandbox', ...PACE]);
      expect(readable.stdout).toContain('Left for a person (1): Priority.');
      expect(readable.stdout).toMatch(/\n {2}_status +— +\(written by trackops-bulk: left out\)\n/);
    }
  });
});

describe('map offline', () => {
  it('says it is offline, maps the seed parameters, lists the subject columns as not matched', async () => {
    const run = await runCli(['map', CLEAN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Read as comma-separated text in utf-8; the delimiter and encoding were detected, not given: if the columns below look wrong, run map again with --delimiter or --encoding\.\nProposed mapping for .*referrals-clean\.csv \(28 columns, header in row 1, values of 10 rows looked at\), offline:/,
    );
    expect(run.stdout).toContain('Not connected: headers were matched to the seed parameter names only.');
    expect(run.stdout).toMatch(/\n {2}Claimant DOB +— +\(not matched\)\n/);
    expect(run.stdout).toMatch(/\n {2}Date Received +created_on +95% {2}synonym\n/);
    expect(run.stdout).toContain('Write it with --out MAPPING.json.');
  });
});

describe('map on a hidden sheet', () => {
  it('says the sheet it read is hidden in Excel (hidden-sheet.xlsx, openpyxl)', async () => {
    const run = await runCli(['map', fixture('hidden-sheet.xlsx'), '--sheet', 'Referrals']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Read sheet "Referrals" \(sheet 1 of 3, hidden in Excel\)\. Other sheets: "Sheet1", "Property"\.\n/,
    );
  });
});

describe('map usage errors: exit 2 with one line saying what', () => {
  it('no file, a non-JSON --out, an unknown flag, a file that is not there', async () => {
    const dir = await tempDir();
    const noFile = await runCli(['map']);
    expect(noFile).toMatchObject({ code: 2 });
    expect(noFile.stderr).toContain('map: give the file to map');
    const badOut = await runCli(['map', CLEAN, '--out', join(dir, 'm.txt')]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('must end in .json (a mapping file)');
    expect((await runCli(['map', CLEAN, '--bogus'])).code).toBe(2);
    const missing = join(dir, 'nope.csv');
    const gone = await runCli(['map', missing]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('nope.csv');
    await writeFile(join(dir, 'empty.csv'), '');
    const empty = await runCli(['map', join(dir, 'empty.csv')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.csv');
  });
});

describe('map --out never loses the file it replaces (explore 31 item 3)', () => {
  it('a finished template at --out is kept beside it, said; the same proposal again changes nothing; --overwrite keeps no copy', async () => {
    const dir = await tempDir();
    const out = join(dir, 'template.json');
    // The clerk's finished template: value maps, constants, subject groups.
    const finished = await readFile(TEMPLATE, 'utf8');
    await writeFile(out, finished);
    const first = await runCli(['map', MESSY, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const kept = join(dir, 'template.previous.json');
    expect(first.stderr).toContain(
      `map: ${out} held a mapping (${(JSON.parse(finished) as { columns: unknown[] }).columns.length} columns): kept as ${kept}, and the proposal written in its place. ` +
        `Compare the two; to go back, rename ${kept} to ${out}`,
    );
    expect(await readFile(kept, 'utf8')).toBe(finished);
    await loadMappingFile(out);
    const proposal = await readFile(out, 'utf8');

    // The same proposal over itself: nothing to keep, nothing said.
    const again = await runCli(['map', MESSY, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('kept as');
    expect(await readFile(out, 'utf8')).toBe(proposal);

    // Any other file there is kept too, under the next free name.
    await writeFile(out, 'not a mapping\n');
    const other = await runCli(['map', MESSY, '--out', out]);
    expect(other.stderr).toContain(
      `map: ${out} held a file: kept as ${join(dir, 'template.previous-2.json')}`,
    );
    expect(await readFile(join(dir, 'template.previous-2.json'), 'utf8')).toBe('not a mapping\n');

    // The finished template as Notepad saves it (a byte-order mark in front) is a mapping all the same.
    await writeFile(out, '\uFEFF' + finished);
    const notepad = await runCli(['map', MESSY, '--out', out]);
    expect(notepad.stderr).toContain(
      `map: ${out} held a mapping (${(JSON.parse(finished) as { columns: unknown[] }).columns.length} columns): kept as ${join(dir, 'template.previous-3.json')}`,
    );

    await writeFile(out, finished);
    const replaced = await runCli(['map', MESSY, '--out', out, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).not.toContain('kept as');
    expect(await readFile(out, 'utf8')).toBe(proposal);
    await expect(readFile(join(dir, 'template.previous-4.json'))).rejects.toThrow(/ENOENT/);
  });
});
