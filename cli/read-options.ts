/**
 * How `validate` and `import` open a file: the mapping's "source" says how it is read (so that both,
 * and the next file of the same carrier, read it as `map` did), and the command line's flags override
 * it for one run.
 */
import type { Mapping, ReadOptions } from '../core/index.ts';

export interface ReadFlags {
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
}

export function sheetReadOptions(mapping: Mapping, flags: ReadFlags, signal: AbortSignal): ReadOptions {
  const source = mapping.source ?? {};
  const sheet = flags.sheet ?? source.sheet;
  const headerRow = flags.headerRow ?? source.headerRow;
  const encoding = flags.encoding ?? source.encoding;
  const delimiter = flags.delimiter ?? source.delimiter;
  return {
    ...(sheet === undefined ? {} : { sheet }),
    ...(headerRow === undefined ? {} : { headerRow }),
    ...(encoding === undefined ? {} : { encoding }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(source.quote === undefined ? {} : { quote: source.quote }),
    ...(source.escape === undefined ? {} : { escape: source.escape }),
    signal,
  };
}

/**
 * The mapping with the command line's --encoding and --delimiter written into its "source". `import`
 * binds its journal to the mapping, so a resume must read the file the same way: a different flag on
 * resume is then a different mapping, refused as such.
 */
export function withReadFlags(mapping: Mapping, flags: Pick<ReadFlags, 'encoding' | 'delimiter'>): Mapping {
  if (flags.encoding === undefined && flags.delimiter === undefined) return mapping;
  return {
    ...mapping,
    source: {
      ...mapping.source,
      ...(flags.encoding === undefined ? {} : { encoding: flags.encoding }),
      ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
    },
  };
}
