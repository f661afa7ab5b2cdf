/**
 * LibreOffice as "another program" in tests: `soffice --headless --convert-to …` opens what we wrote
 * as a clerk's spreadsheet program would. When soffice is missing the test fails with what to install,
 * never with a bare `spawnSync soffice ENOENT` and never by skipping (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const SOFFICE_MISSING =
  "LibreOffice's soffice is not on PATH: these tests open files with LibreOffice as a clerk would. " +
  'Install it with `bash .ci/run` (or `apt-get install libreoffice-calc-nogui`).';

/** The soffice on PATH, or an error that says what to install. */
export function sofficePath(path = process.env.PATH ?? ''): string {
  for (const folder of path.split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, 'soffice');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(SOFFICE_MISSING);
}

/**
 * Converts `file` into `outDir` with LibreOffice (e.g. `to` = 'xlsx', or a CSV filter string), with a
 * private profile folder inside `outDir` so parallel runs never share LibreOffice's user profile.
 * Several files (of different names) are converted by one start of LibreOffice, which is most of the
 * time a conversion takes (seconds each on a busy machine).
 */
export function libreOfficeConvert(
  file: string | string[],
  to: string,
  outDir: string,
  inFilter?: string,
): void {
  convertWithProfile(join(outDir, 'profile'), file, to, outDir, inFilter);
}

/**
 * libreOfficeConvert whose runs all use one profile folder, `profileDir`: the first run makes it, the
 * later ones start from it. Making a profile is most of a small conversion's time (on this 2-core
 * machine, loaded, ≈ 9 s for a new profile against ≈ 3-7 s for one made), so a test file that converts
 * several files, one after another, makes one. Never for runs that may overlap: LibreOffice takes a
 * profile for one process at a time.
 */
export function libreOfficeConverter(profileDir: string): typeof libreOfficeConvert {
  return (file, to, outDir, inFilter) => convertWithProfile(profileDir, file, to, outDir, inFilter);
}

function convertWithProfile(
  profileDir: string,
  file: string | string[],
  to: string,
  outDir: string,
  inFilter?: string,
): void {
  execFileSync(
    sofficePath(),
    [
      `-env:UserInstallation=file://${profileDir}`,
      '--headless',
      // How to read the file (e.g. 'CSV:44,34,76,1': comma, double quote, UTF-8, from line 1), as a
      // clerk's import dialog would say it; without it LibreOffice guesses the character set.
      ...(inFilter ? [`--infilter=${inFilter}`] : []),
      '--convert-to',
      to,
      '--outdir',
      outDir,
      ...(typeof file === 'string' ? [file] : file),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
}
