/**
 * How `validate` and `import` open a file: the mapping's "source" says how it is read (so that both,
 * and the next file of the same carrier, read it as `map` did), and the command line's flags override
 * it for one run.
 */
import { fileSource } from '../core/read/byte-sources.ts';
import { openWithGivenHeaderRow } from '../core/validate/pinned-header-row.ts';
import { openWithGivenTextLayout } from '../core/validate/given-text-layout.ts';
import type { ByteSource, ReadOptions, SheetSource } from '../core/read/types.ts';
import { SheetReadError } from '../core/read/sheet-read-error.ts';
import type { Mapping } from '../core/mapping/schema.ts';

/**
 * The mapping with the command line's --encoding and --delimiter written into its "source" (an empty
 * flag is no flag). `import` binds its journal to the mapping, so a resume must read the file the
 * same way: a different flag on resume is then a different mapping, refused as such.
 */
export function withReadFlags(
  mapping: Mapping,
  flags: { encoding?: string | undefined; delimiter?: string | undefined },
): Mapping {
  const { encoding, delimiter } = flags;
  if (!encoding && !delimiter) return mapping;
  return {
    ...mapping,
    source: {
      ...mapping.source,
      ...(encoding ? { encoding } : {}),
      ...(delimiter ? { delimiter } : {}),
    },
  };
}

/** The reader's options from the mapping's "source", with --sheet and --header-row over it. */
export function sheetReadOptions(
  mapping: Mapping,
  flags: { sheet?: string | undefined; headerRow?: number | undefined },
  signal: AbortSignal,
): ReadOptions {
  const source = mapping.source ?? {};
  const sheet = flags.sheet ?? source.sheet;
  const headerRow = flags.headerRow ?? source.headerRow;
  return {
    ...(sheet === undefined ? {} : { sheet }),
    ...(headerRow === undefined ? {} : { headerRow }),
    ...(source.encoding === undefined ? {} : { encoding: source.encoding }),
    ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }),
    ...(source.quote === undefined ? {} : { quote: source.quote }),
    ...(source.escape === undefined ? {} : { escape: source.escape }),
    signal,
  };
}

/**
 * The file opened as sheetReadOptions says; a header row given by number (the mapping's or
 * --header-row) that does not hold the mapped columns in this file is refused saying where they are
 * (core's openWithGivenHeaderRow). `takesFlag`: the command has --header-row.
 */
export function openMappedSheet(
  path: string,
  mapping: Mapping,
  flags: {
    sheet?: string | undefined;
    headerRow?: number | undefined;
    delimiter?: string | undefined;
    encoding?: string | undefined;
  },
  signal: AbortSignal,
  takesFlag: boolean,
  /** The file's bytes, when the caller watches its reads (file-still-written.ts); else read from `path`. */
  source: ByteSource = fileSource(path),
): Promise<SheetSource> {
  const given = {
    from: flags.headerRow !== undefined ? ('flag' as const) : ('mapping' as const),
    flag: takesFlag,
  };
  // A delimiter or encoding given (the mapping's, or a flag's) that hides the mapped columns is said as
  // such (given-text-layout.ts), not as a file without a header row.
  return openWithGivenTextLayout(
    source,
    mapping,
    sheetReadOptions(mapping, flags, signal),
    (options) => openWithGivenHeaderRow(source, mapping, options, given),
    { delimiterFlag: !!flags.delimiter, encodingFlag: !!flags.encoding },
  ).catch((error: unknown) => {
    throw withSheetOfMapping(error, mapping, flags.sheet);
  });
}

/**
 * A sheet the workbook lacks, named by the mapping (last month's "Referrals", this month's "Claims"):
 * the reader's refusal says only that the workbook has no such sheet; the name came from the template,
 * which is said, with where to give another.
 */
function withSheetOfMapping(error: unknown, mapping: Mapping, flagSheet: string | undefined): unknown {
  const named = mapping.source?.sheet;
  if (!(error instanceof SheetReadError) || error.code !== 'sheet_not_found') return error;
  if (flagSheet !== undefined || named === undefined) return error;
  const which = typeof named === 'number' ? `Position ${named} is the one` : `"${named}" is the sheet`;
  return new SheetReadError(
    'sheet_not_found',
    error.fileName,
    `${error.message} ${which} the mapping's source.sheet names: give --sheet for this file, or change "sheet" in the mapping's "source" ` +
      '(or remove it to have the sheet that holds the mapped columns read).',
    { cause: error },
  );
}

/**
 * A note when --sheet named a sheet and the file turned out to be text, which has none: the flag was
 * not used, said rather than dropped in silence (a workbook's missing sheet is refused by the reader).
 */
export function unusedSheetNote(
  flagSheet: string | undefined,
  sheet: Pick<SheetSource, 'sheet' | 'fileName'>,
): string[] {
  if (flagSheet === undefined || sheet.sheet !== null) return [];
  return [`--sheet '${flagSheet}' was not used: ${sheet.fileName} is a text file, which has no sheets.`];
}
