/**
 * The app's ways to give what the reader guessed (core/read/reading-notes.ts ReadingWays): the sheet
 * step's “Advanced: how the text file is read”, where the CLI names --encoding and --delimiter, and
 * its Header row box, where the CLI names the mapping's "source.headerRow" (a text file refused for
 * having no header row stays open on that step, which offers the box: sources.ts).
 */
import type { ReadingWays } from '../../core/index.ts';

const ADVANCED = '“Advanced: how the text file is read” below';

export const APP_READING_WAYS: ReadingWays = {
  // The Advanced list offers Mac OS Roman: the one a Windows-1252 guess mistakes most (an old Mac file).
  giveEncoding: () =>
    `choose its encoding under ${ADVANCED} (Mac OS Roman for a file from an old Mac) and read the file again`,
  giveEncodingInstead: (encoding) =>
    `Choose ${encoding.toUpperCase()} under ${ADVANCED} (or no encoding, so that the file's bytes decide) and read the file again`,
  giveNoEncoding: () =>
    `Choose the file's own encoding under ${ADVANCED} (or no encoding, so that it is detected) and read the file again`,
  giveDelimiter: () => `choose the delimiter under ${ADVANCED} and read the file again`,
  giveHeaderRow: () =>
    'type the number of the row that holds the column names in the “Header row” box below and read the file from it',
};
