/**
 * An unexpected error (a bug) never shows a stack trace to the user (issue 17): the CLI prints one line
 * and where the full log was written, a file in the OS temp folder, scrubbed of every credential.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { scrubSecrets } from './secrets.ts';
import { framesAtSources } from './stack-sources.ts';

/** Writes the error's full report; returns the file, or null when even that failed. */
export async function writeCrashLog(
  error: unknown,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(tmpdir(), `trackops-bulk-error-${stamp}-${process.pid}.log`);
  const text = [
    `trackops-bulk unexpected error, ${new Date().toISOString()}`,
    `node ${process.version} on ${process.platform}`,
    // The command line may hold --token: its value is replaced like any other secret below.
    `command: trackops-bulk ${argv.map(hideTokenFlag).join(' ')}`,
    '',
    // Our frames at their TypeScript file and line, not the compiled bundle's (cli/stack-sources.ts).
    framesAtSources(inspect(error, { depth: 6 })),
    '',
  ].join('\n');
  try {
    await writeFile(path, scrubSecrets(text, env), { mode: 0o600 });
    return path;
  } catch {
    return null;
  }
}

function hideTokenFlag(arg: string, index: number, argv: string[]): string {
  if (argv[index - 1] === '--token') return '[redacted]';
  return arg.startsWith('--token=') ? '--token=[redacted]' : arg;
}
