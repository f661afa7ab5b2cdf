/**
 * `trackops-bulk check [connection] [--profile FILE]` (CONTRACTS section 1): the first thing to run
 * against a real account. Core's read-only probe (core/account/check-account.ts) asks the account what
 * the tool otherwise assumes; this prints each finding beside the assumption, says in plain words what
 * would make an import unsafe, and saves the findings to FILE for later runs (`--profile FILE`).
 */
import { resolve } from 'node:path';
import { accountProfileOf } from '../../core/account/account-profile.ts';
import { checkAccount, type AccountCheck } from '../../core/account/check-account.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { defaultRate, SANDBOX_PACE } from '../../core/account/open-account.ts';
import { writeFileAtomic } from '../../core/files/atomic-write.ts';
import type { Verdict } from '../../core/account/check-finding.ts';
import { exitForAccountFailure, rateFlag } from '../account-session.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { parseCommandLine } from '../command-line.ts';
import { CONNECTION_USAGE, openRequiredConnection, type ConnectionFlags } from '../connection.ts';
import { EXIT } from '../exit-codes.ts';
import { checkOutputFile } from '../paths.ts';
import { waitNotice } from '../wait-notice.ts';

const usage = `Usage: trackops-bulk check [connection] [--profile FILE] [--rate R] [--json]

Asks the account, with read-only requests only (about seventeen GETs; never a write), what the tool
otherwise assumes: that the credentials work, where each reference list is (and whether it can be read
whole), how field definitions, records and lists are shaped, how mode=count answers, the largest page
the server gives, whether its pages agree with its count, how dates and timestamps are written, whether
list filters match exactly, and any rate-limit headers. Prints
each finding beside what the tool assumes, and says in plain words anything that would make an import
unsafe. Run it first against a real account.

  --profile FILE   save the findings to FILE (JSON, versioned); give --profile FILE to validate,
                   import, export and map so they use what was found (reference paths, page size)
  --rate R         requests per second (default 1/s; --sandbox ${SANDBOX_PACE.ratePerSecond}/s)
  --json           print the findings as one JSON object instead

Exit codes: 0 nothing unsafe found, 1 something would make an import unsafe (listed), 2 usage error,
3 cannot connect or the credentials were refused.

${CONNECTION_USAGE}`;

const MARK: Record<Verdict, string> = {
  'as-assumed': 'ok',
  handled: 'differs, handled',
  unsafe: 'UNSAFE',
  unknown: 'unknown',
};

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const { values } = parseCommandLine('check', argv, { json: { type: 'boolean' } }, false);
    const flags = values as ConnectionFlags & { json?: boolean; rate?: string };
    const ratePerSecond = rateFlag(flags.rate);
    const profilePath = flags.profile ? resolve(io.cwd, flags.profile) : null;
    // Refused before the first probe, as every output flag is: not a crash after the whole check ran.
    if (profilePath) await checkOutputFile('check', '--profile', profilePath);
    // --profile names where the findings go: an earlier profile is not read (its paths would hide a
    // list that has since appeared), the connection's own flags are probed as given.
    const connection = await openRequiredConnection('check', flags, io.env, '', {
      cwd: io.cwd,
      profileIsOutput: true,
    });
    try {
      const pacer = createPacer({ ratePerSecond: ratePerSecond ?? defaultRate(connection.isSandbox) });
      let check: AccountCheck;
      try {
        // A Retry-After or a retry's silence said in one line when piped, as every command says it;
        // check builds its own client, so a test's shorter retry wait is handed to it here.
        const notice = waitNotice(io.stderr, 'check');
        const testWait = connection.testRetryWait;
        check = await checkAccount(connection.settings, {
          pacer,
          signal: io.signal,
          onEvent: testWait ? testWait.told(notice) : notice,
          ...(testWait ? { retrySleep: testWait.sleep } : {}),
        });
      } catch (error) {
        return exitForAccountFailure(
          io,
          error,
          (reason) => `check: ${connection.label}: ${reason}`,
          'trackops-bulk: check interrupted',
        );
      }
      if (profilePath)
        await writeFileAtomic(profilePath, JSON.stringify(accountProfileOf(check), null, 2) + '\n');
      if (flags.json) io.stdout.write(JSON.stringify(check) + '\n');
      else print(io, check, connection.label, profilePath);
      return check.unsafe.length > 0 ? EXIT.rowsFailed : EXIT.ok;
    } finally {
      await connection.close();
    }
  },
};

function print(io: CliIo, check: AccountCheck, label: string, profilePath: string | null): void {
  const lines = [`Checked ${label} with ${check.requests} read-only requests (nothing was written).`, ''];
  for (const finding of check.findings) {
    lines.push(`[${MARK[finding.verdict]}] ${finding.topic}`);
    lines.push(`    assumed: ${finding.assumed}`);
    lines.push(`    found:   ${finding.found}`);
  }
  lines.push('');
  if (check.unsafe.length) {
    lines.push('Not safe to import until these are understood:');
    for (const danger of check.unsafe) lines.push(`  - ${danger}`);
  } else {
    lines.push('Nothing found that would make an import unsafe.');
  }
  const used = [
    ...Object.entries(check.use.referencePaths)
      .filter(([, path]) => path === null)
      .map(([list]) => `${list} is not served (its checks will be off)`),
    ...(check.use.pageSize ? [`pages of ${check.use.pageSize} are asked for`] : []),
  ];
  if (profilePath) {
    lines.push(
      '',
      `Findings saved to ${profilePath}; give --profile ${profilePath} to later runs` +
        (used.length ? ` (${used.join('; ')}).` : '.'),
    );
  }
  io.stdout.write(lines.join('\n') + '\n');
}
