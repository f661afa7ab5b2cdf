/**
 * What the CLI does when its own output cannot be written: stdout to a full log disk (`>> log` on a
 * disk that filled: ENOSPC, or EIO), or a pipe whose reader went away (`| head -1`, a `logger` that
 * exited: EPIPE). Explore 59 item 3: nothing listened for the stream's 'error' event, so the next line
 * of output killed an import mid-run with a Node stack trace and exit 1, rows in doubt, locks left and
 * no resume command.
 *
 * The choice: the command goes on quietly. The output is the log of the work, not the work: the
 * journal and the results file are the record of an import or a revert, the report file of a
 * validate, the written file of an export, and each is written as usual. Stopping instead (as an
 * interruption, exit 130) would leave rows unsent in just the unattended runs where this happens, with
 * the resume command printed to the stream nobody can read any more; going on sends every row once and
 * the exit code still says how the rows went (0 when every row was written, never 1 for that).
 */

/** What still holds the command's work when its output is gone, said in the note. */
const RECORD: Record<string, string> = {
  import: 'its journal (and a --results file) record every row',
  revert: 'its journal (and a --results file) record every row',
  validate: 'a --report file is written as usual, and the exit code says whether every row is valid',
  export: 'the exported file is written as usual',
};

/**
 * Listens for a write failure on both streams for the whole run. The first failure of stdout is said
 * once on stderr (a cron mail or the terminal may still show it); a failure of stderr is said nowhere:
 * stdout carries the summary (under --json one JSON object, which a note would break).
 */
export function keepGoingWhenOutputFails(
  command: string,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): void {
  let stderrFailed = false;
  let stdoutSaid = false;
  stderr.on('error', () => {
    stderrFailed = true;
  });
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (stdoutSaid || stderrFailed) return;
    stdoutSaid = true;
    const reason = error.code ?? error.message;
    const record = RECORD[command];
    stderr.write(
      `trackops-bulk: ${command}: standard output cannot be written (${reason}): what ${command} prints there is lost, ` +
        `but it is not stopped for that${record ? `: ${record}` : ''}.\n`,
    );
  });
}
