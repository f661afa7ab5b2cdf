import { fileSource } from '../core/read/byte-sources.ts';
import { readRoundTripExport } from '../core/export/round-trip-import.ts';
import { UsageError } from './usage-error.ts';

type RoundTripExport = NonNullable<Awaited<ReturnType<typeof readRoundTripExport>>>;

/**
 * `map` of a round-trip export (.xlsx): refused, since it needs no mapping, and one written for it
 * would be refused by validate and import (below). Unreadable files are left to map's own read.
 */
export async function refuseMappingRoundTrip(path: string, file: string, signal: AbortSignal): Promise<void> {
  const roundTrip = await readRoundTripExport(fileSource(path), signal).catch(() => null);
  if (roundTrip) {
    throw new UsageError(
      `map: ${file} is a round-trip export (made ${roundTrip.exportedAt} from ${roundTrip.exportedFrom}) and needs no mapping: preview its edits with trackops-bulk validate ${file}, then send them with trackops-bulk import ${file}`,
    );
  }
}

/**
 * The round-trip export a file is, if it is one (an .xlsx from `export --columns round-trip`), read
 * before connecting. Given with --mapping, it is refused: the mapping would read it as a plain update
 * file, so a value a colleague changed in Trackops since the export would be written back with the
 * exported one, unseen. Without --mapping the file's own record of the export finds those changes.
 */
export async function roundTripExportOf(
  command: 'import' | 'validate',
  path: string,
  file: string,
  mappingFlag: string | undefined,
  signal: AbortSignal,
): Promise<RoundTripExport | null> {
  // Its sheets checked now, before connecting: a changed header row is said before any request.
  if (mappingFlag === undefined) return readRoundTripExport(fileSource(path), signal, { checkSheets: true });
  // Under --mapping the sheet's own read names what is wrong with a file that does not open.
  const roundTrip = await readRoundTripExport(fileSource(path), signal).catch(() => null);
  if (roundTrip) {
    throw new UsageError(
      `${command}: ${file} is a round-trip export (made ${roundTrip.exportedAt} from ${roundTrip.exportedFrom}): ${command} it without --mapping. Its own record of the export then sends only the cells edited since and never overwrites a value changed in Trackops meanwhile; under ${mappingFlag} it would be read as a plain update file. To import its rows as a plain file anyway, save a copy as .csv and give that`,
    );
  }
  return roundTrip;
}
