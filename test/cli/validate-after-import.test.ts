/**
 * `validate` after an `import` of the same file (exploratory round 3, left open): the rows the import
 * created are in the account, but its journal says this file's own import made them. Connected, they
 * are reported as already sent (valid, "already sent" with the request named), not as duplicates that
 * "would be created twice"; the rest as what an import would still do. No request is added (the journal
 * is read from disk). A journal written for another file, or for this one before a change, is not matched
 * row by row, but what it created is matched by content (and said so), and --journal
 * names an import's journal kept elsewhere (import --results puts it beside the results). Rows whose
 * very content an import created, at the request holding their key, are already sent whatever the
 * mapping that checks them (explore 30 item 2).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;

// One account for every test: each test's rows are referrals of their own (a city and instructions
// of their own), not another test's rows with other claim numbers, which an import takes for that
// test's import run again with its claim numbers fixed on every row, and holds back (docs/import.md).
let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const cli = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/**
 * The imports validate looks back on: set-up, run by the import command's own code in this process
 * (the same requests, journals and journal lists as spawned; an import as spawned, --limit and --results
 * among its flags, is test/cli/import.test.ts's and test/cli/import-journal.test.ts's). Every validate
 * is spawned.
 */
const imported = (args: string[]) => commandInProcessOn(sandbox, 'import', args);

describe('validate after an import of the same file', () => {
  it('says the rows the import created are already sent, and what an import would still do', async () => {
    const file = join(dir, 'after.csv');
    makeRows(file, 5, 'AFTER');
    const sent = await imported([file, '--mapping', TEMPLATE, '--limit', '3']);
    expect(sent.code).toBe(0);

    const requests = sandbox.stats().requests;
    const report = join(dir, 'after-report.json');
    const checked = await cli('validate', [file, '--mapping', TEMPLATE, '--report', report]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('5 rows checked: 5 valid, 0 invalid');
    expect(checked.stdout).toContain('An import would: 3 already sent, 2 create.');
    expect(checked.stdout).not.toContain('created twice');
    expect(checked.stdout).toMatch(
      /row 2, Claim # = 'AFTER-0000': already sent: the earlier import of after\.csv \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) created it as REQ-\d+, as its journal records/,
    );
    const written = JSON.parse(await readFile(report, 'utf8')) as { rows: { row: number; status: string }[] };
    expect(written.rows.map((row) => row.status)).toEqual(['valid', 'valid', 'valid', 'valid', 'valid']);
    const asked = sandbox.stats().requests - requests;

    // A changed copy of the file: the import's journal is another file's, and not used.
    makeRows(join(dir, 'changed.csv'), 5, 'AFTER', [], 'Boulder');
    const before = sandbox.stats().requests;
    const other = await cli('validate', [
      join(dir, 'changed.csv'),
      '--mapping',
      TEMPLATE,
      '--journal',
      join(dir, 'after.journal.jsonl'),
    ]);
    expect(other.code).toBe(1);
    // The journal was read from disk: the same requests as a check of the same number of rows without it.
    expect(sandbox.stats().requests - before).toBe(asked);
    // Read by content with the account's other journals (explore 56 item 3: not "not used").
    expect(other.stderr).toContain(
      'is not matched row by row: it was written for another file (after.csv). What it created is matched by content instead',
    );
    // Its rows 2-4 are in the account (AFTER-0000..2), so they are duplicates again.
    expect(other.stdout).toContain('An import would: 3 duplicate, 2 create.');
  });

  it('a journal of this very file before a cell was fixed is named so, and what it is used for is said', async () => {
    // Explore 56 item 3: it said "not used: written for another file (fixed.csv)", naming this file,
    // then counted the rows it created as already sent.
    const file = join(dir, 'fixed.csv');
    makeRows(file, 4, 'FIXED', [], 'Aurora', 'Fixed since');
    const sent = await imported([file, '--mapping', TEMPLATE]);
    expect(sent.code).toBe(0);
    // The clerk fixes the notes of the last row; Python's csv module writes the file again.
    runPython(
      'import csv,sys\np=sys.argv[1]\nrows=list(csv.reader(open(p,encoding="utf-8",newline="")))\n' +
        'rows[-1][rows[0].index("Instructions")]="Fixed: call first"\n' +
        'csv.writer(open(p,"w",encoding="utf-8",newline="")).writerows(rows)',
      [file],
    );
    const checked = await cli('validate', [
      file,
      '--mapping',
      TEMPLATE,
      '--journal',
      join(dir, 'fixed.journal.jsonl'),
    ]);
    expect(checked.stderr).toContain(
      'is not matched row by row: it was written for fixed.csv before the file was changed (its bytes differ). ' +
        'What it created is matched by content instead: a row that holds what one of its creates sent is counted as already sent',
    );
    expect(checked.stderr).not.toContain('was not used');
    expect(checked.stderr).not.toContain('another file');
    expect(checked.stdout).toMatch(/An import would: 3 already sent, 1 /);
  });

  it('rows an import created are already sent when checked with a mapping differing in a column they leave empty', async () => {
    // Explore 30 item 2: rows 2 and 3 leave Vehicle Color empty. The import's journal is another
    // mapping's and is not used, but those rows' bodies
    // are the very ones it created, and the account holds their claim numbers at those requests.
    const file = join(dir, 'other-mapping.csv');
    makeRows(file, 4, 'OTHERMAP', [0, 1], 'Littleton', 'Other mapping', 'Vehicle Color');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as { columns: { column: string }[] };
    const without = join(dir, 'without-color.json');
    await writeFile(
      without,
      JSON.stringify({ ...template, columns: template.columns.filter((c) => c.column !== 'Vehicle Color') }),
    );
    const sent = await imported([file, '--mapping', without, '--limit', '2']);
    expect(sent.code).toBe(0);

    const checked = await cli('validate', [file, '--mapping', TEMPLATE]);
    expect(checked.stdout).toContain('An import would: 2 already sent, 2 create.');
    expect(checked.stdout).not.toContain('created twice');
    expect(checked.stdout).toMatch(
      /row 2: not to be sent: an earlier import of other-mapping\.csv created this row's very content \(its row 2, sent [^)]+\) as REQ-\d+/,
    );
    expect(checked.code).toBe(0);
  });

  it('--journal names the journal import kept beside its results', async () => {
    const file = join(dir, 'elsewhere.csv');
    makeRows(file, 2, 'ELSEW', [], 'Englewood', 'Elsewhere');
    const sent = await imported([file, '--mapping', TEMPLATE, '--results', join(dir, 'results.csv')]);
    expect(sent.code).toBe(0);
    // Without it, the rows are found by content in the journals remembered for the account (explore 30
    // item 2): already sent, naming that import, though its own journal was not named.
    const without = await cli('validate', [file, '--mapping', TEMPLATE]);
    expect(without.code).toBe(0);
    expect(without.stdout).toContain('An import would: 2 already sent.');
    expect(without.stdout).toContain("an earlier import of elsewhere.csv created this row's very content");
    const withJournal = await cli('validate', [
      file,
      '--mapping',
      TEMPLATE,
      '--journal',
      join(dir, 'results.journal.jsonl'),
    ]);
    expect(withJournal.code).toBe(0);
    expect(withJournal.stdout).toContain('An import would: 2 already sent.');
  });
});
