/**
 * `trackops-bulk demo` (npm run demo): the whole job on the built-in sandbox, end to end, with the
 * files in samples/: a live dry run of a messy carrier spreadsheet, the import of its valid rows, and
 * exports by date range (a report for people and a round-trip file for updates). It runs the real
 * commands in this process, each with `--sandbox --sandbox-data DIR/demo-account.json`, so what it shows
 * is what a user gets, and the round-trip file it leaves can be edited and imported afterwards with the
 * same flags (report 5 item 8: the account used to live only inside the demo run, so the file it told
 * the user to import could be imported nowhere). Each run starts that account afresh from the demo
 * account; edits in the round-trip file are refused before that, as they would have nowhere to go.
 */
import { mkdir, rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliIo } from '../command.ts';
import { parseFlags } from '../command-line.ts';
import { EXIT } from '../exit-codes.ts';
import { defaultJournalPath } from '../resume-command.ts';
import { resetSandboxData } from '../sandbox-data.ts';
import { UsageError } from '../usage-error.ts';

/** The commands the demo runs, loaded as the registry loads them (not through it: it lists the demo). */
const STEP_COMMANDS = {
  validate: () => import('./validate.ts'),
  import: () => import('./import.ts'),
  export: () => import('./export.ts'),
};

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

const usage = `Usage: trackops-bulk demo [--out DIR]

Starts the built-in sandbox account and runs the whole job on samples/:
  1. validate  samples/referrals-messy.xlsx against the live account (dry run, report as .xlsx and .json)
  2. import    its valid rows (invalid rows are reported, never sent), results as .xlsx
  3. export    the requests received since 2026-10-01 as a report (.xlsx, .csv) and as a round-trip .xlsx
Nothing leaves this machine. Files go to DIR (default ./demo-output); the account the steps work on is
kept in DIR/demo-account.json, started afresh on each run, so the round-trip file can be edited and
imported into it afterwards (the demo prints the command).`;

interface Step {
  title: string;
  command: keyof typeof STEP_COMMANDS;
  args: string[];
  /** Exit codes that mean the step did what the demo expects (validate/import exit 1 on invalid rows). */
  expected: number[];
  files: string[];
}

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { values } = parseFlags('demo', argv, { out: { type: 'string' } }, false);
    const outDir = resolve(io.cwd, (values.out as string | undefined) ?? 'demo-output');
    await mkdir(outDir, { recursive: true });
    const out = (name: string) => resolve(outDir, name);
    const messy = resolve(SAMPLES, 'referrals-messy.xlsx');
    const template = resolve(SAMPLES, 'referrals-template.json');

    const accountFile = out('demo-account.json');
    const roundTrip = out('round-trip.xlsx');
    const importRoundTrip = `trackops-bulk import ${shown(roundTrip, io.cwd)} --mode update --sandbox --sandbox-data ${shown(accountFile, io.cwd)}`;
    await refuseEditedRoundTrip(roundTrip, importRoundTrip, io.signal, io.cwd);
    // Afresh on every run, so the steps show the same results each time (only a sandbox account is deleted).
    await resetSandboxData(accountFile, 'demo');
    // The last demo's import journal and results recorded sends into the account just reset: an import
    // never replaces such a journal by itself, and refuses to start over beside results that list rows
    // as created with no journal recording them, so the demo removes its own, with the account they describe.
    await rm(defaultJournalPath(out('import-results.xlsx')), { force: true });
    await rm(out('import-results.xlsx'), { force: true });
    const { SANDBOX_PACE } = await import('../../core/account/open-account.ts');
    // The sandbox is local, so the demo may go faster than the 1 request/s default meant for production.
    const rate = ['--sandbox', '--sandbox-data', accountFile, '--rate', `${SANDBOX_PACE.ratePerSecond}/s`];
    const rowsMayFail = [EXIT.ok, EXIT.rowsFailed];
    const steps: Step[] = [
      step(
        '1. Dry run: check every row of a messy carrier spreadsheet against the account',
        'validate',
        [messy, '--mapping', template, '--report', out('dry-run-report.xlsx'), ...rate],
        rowsMayFail,
      ),
      step(
        '1b. The same dry run as JSON, for scripts',
        'validate',
        [messy, '--mapping', template, '--report', out('dry-run-report.json'), '--json', ...rate],
        rowsMayFail,
      ),
      step(
        '2. Import: send the valid rows (POST), rate-limited and journalled',
        'import',
        [messy, '--mapping', template, '--results', out('import-results.xlsx'), ...rate],
        rowsMayFail,
      ),
      step('3. Export: requests received since 2026-10-01, for people (XLSX and CSV)', 'export', [
        '--out',
        out('requests-since-october.xlsx'),
        '--created-from',
        '2026-10-01',
        ...rate,
      ]),
      step('3b. The same as CSV (UTF-8 with BOM, opens cleanly in Excel)', 'export', [
        '--out',
        out('requests-since-october.csv'),
        '--created-from',
        '2026-10-01',
        ...rate,
      ]),
      step(
        `3c. A round-trip export: edit it in Excel, then \`${importRoundTrip}\` sends only the changes`,
        'export',
        ['--out', roundTrip, '--columns', 'round-trip', '--created-from', '2026-10-01', ...rate],
      ),
    ];

    // A connection in the user's environment must not pull a step away from the demo's account.
    const env: NodeJS.ProcessEnv = { ...io.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '' };
    const stepIo: CliIo = { ...io, env };
    const say = (text: string) => io.stdout.write(text + '\n');
    say(
      `trackops-bulk demo: the built-in sandbox, its account kept in ${shown(accountFile, io.cwd)} (started afresh from the demo account)`,
    );
    let failed = false;
    for (const step of steps) {
      if (io.signal.aborted) return EXIT.interrupted;
      say(
        `\n== ${step.title}\n$ trackops-bulk ${step.command} ${step.args.map((a) => shown(a, io.cwd)).join(' ')}`,
      );
      const { command: stepCommand } = await STEP_COMMANDS[step.command]();
      const code = await stepCommand.run(step.args, stepIo);
      if (code === EXIT.interrupted) return code;
      if (!step.expected.includes(code)) {
        say(`(step ended with exit code ${code}, which the demo did not expect)`);
        failed = true;
      }
    }
    say('\n== Where everything went');
    for (const step of steps) for (const file of step.files) say(`  ${shown(file, io.cwd)}`);
    say(`  ${shown(accountFile, io.cwd)} (the account; the next demo run starts it afresh)`);
    say(
      'Open the .xlsx files in Excel or LibreOffice; the dry-run report marks each bad cell with its message.',
    );
    say(`To try an update: edit ${shown(roundTrip, io.cwd)}, then run ${importRoundTrip}`);
    return failed ? EXIT.rowsFailed : EXIT.ok;
  },
};

/** A step whose file is the value after its --report, --results or --out flag. */
function step(title: string, command: Step['command'], args: string[], expected: number[] = [EXIT.ok]): Step {
  const flag = args.findIndex((arg) => arg === '--report' || arg === '--results' || arg === '--out');
  return { title, command, args, expected, files: [args[flag + 1]!] };
}

function shown(path: string, cwd: string): string {
  if (!path.startsWith('/')) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

/**
 * An edited round-trip file from an earlier run: starting the account afresh would leave its edits
 * nowhere to go (the export step would refuse to replace the file only after the reset). Read before
 * anything is changed; the hidden sheet tells edited rows (core's roundTripEdits), not whether they
 * were imported, so the words say both cases.
 */
async function refuseEditedRoundTrip(
  path: string,
  importCommand: string,
  signal: AbortSignal,
  cwd: string,
): Promise<void> {
  const { fileSource } = await import('../../core/read/byte-sources.ts');
  const { roundTripEdits } = await import('../../core/export/round-trip-edits.ts');
  const edits = await roundTripEdits(fileSource(path), signal).catch((error: unknown) => {
    if (signal.aborted) throw error;
    return null;
  });
  if (!edits || edits.editedRows === 0) return;
  const rows = edits.editedRows === 1 ? '1 row differs' : `${edits.editedRows} rows differ`;
  throw new UsageError(
    `demo: ${shown(path, cwd)} holds edits (${rows} from what the demo exported). The demo starts its account afresh, ` +
      `which would leave them nowhere to go, so nothing was run. Import them first (${importCommand}), ` +
      'then move the file away or delete it (also to discard them), and run the demo again',
  );
}
