/**
 * The app's words for where a row's problem is fixed in the template and the account's settings
 * (core/problems/mapping-words.ts): the Columns step, where a column's values and field are chosen, and
 * the Connection screen, where its lists' addresses are set and Test connection is run. Core's default
 * names the mapping file's "values" and "target" keys and the command line's flags, which the app has
 * none of (the app once swapped them for these words with regular expressions, main/bridge/failure.ts).
 */
import type { MappingWords } from '../../core/index.ts';
import { APP_CONNECTION_WORDS, LISTS_PLACE } from './connection-words.ts';

const LISTS_PLACE_SETTING = `under ${LISTS_PLACE}`;

export const APP_MAPPING_WORDS: MappingWords = {
  // The Columns step's "Subjects on each request" sets each group's type (SubjectGroups.tsx).
  giveSubjectType: (group, type) =>
    type
      ? `choose ${type.name} as Subject ${group + 1}'s type under "Subjects on each request" on the Columns step`
      : `choose Subject ${group + 1}'s type among them under "Subjects on each request" on the Columns step`,
  runCheck: APP_CONNECTION_WORDS.runCheck,
  checkName: APP_CONNECTION_WORDS.checkName,
  giveReferencePath: APP_CONNECTION_WORDS.giveReferencePath,
  referencePathSetting: APP_CONNECTION_WORDS.referencePathSetting,
  // The Columns step lists a lookup or choice column's values that name no entry and asks what each
  // means (renderer's ValueMap.tsx).
  translateValue: (value, noun) =>
    `choose ${noun === 'name' ? 'that name' : 'it'} where the Columns step asks what “${value}” means (under the column),`,
  // The same list offers a value's look-alikes by name and id.
  chooseById: (value) =>
    `choose which one where the Columns step asks what “${value}” means (under the column),`,
  // A retired name is put right in the file: the Columns step offers the names in use only for a value
  // that names none, and this one names a retired item.
  translateRetired: () => '',
  // The Columns step offers no reading of a text column's values, so a placeholder cannot be kept as
  // written from the app: the sentence that would say how is left out rather than naming a file key.
  keepAsWritten: () => null,
  // Nor of a yes/no/N/A column's values: the cell is written in one of the forms listed.
  sayMeaning: () => null,
  fieldTarget: () => ' on the Columns step',
  // Offline, the app's Columns step was reached with no connection chosen for the file.
  connect: () => 'choose a connection on the Connection screen, then open the file again',
  // The app's checks use the chosen connection's settings; the lists' addresses are one of them.
  importSettingsAgain: () =>
    ` (if the account serves its lists at other addresses, say where ${LISTS_PLACE_SETTING})`,
  // The Columns step's notes sit beside the column whose values it asks about (ValueMap.tsx).
  proposalChooseById: (texts) =>
    `choose which one where the Columns step asks what “${texts[0]}” means (under the column)`,
  proposalTranslate: (them, names) =>
    `choose what ${them === 'it' ? 'it means' : 'each means'} where the Columns step asks (under the column), among: ${names}`,
  guessedSent: (one) =>
    `the template sends ${one ? 'it so; choose another under the column if it is wrong' : 'them so; choose another under the column for any that is wrong'}`,
  columnToField: (label) =>
    `their own, made by choosing that field for the column ${label} on the Columns step`,
  // The Export screen's words for it, and its Import, which takes a round-trip .xlsx with no mapping.
  roundTripCsv: () => 'A round-trip export saved as CSV',
  roundTripXlsxWay: () =>
    'export to Excel (.xlsx) with the round-trip columns on the Export screen and choose that file in Import: it needs no mapping',
};
