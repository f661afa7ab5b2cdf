/**
 * A journal of this account ending in a line cut short that may record a create of a row no file can be
 * matched to from here (another file's journal, or a cut that left the row unnamed: core's
 * EarlierCreates.cutShort). The import says it before it sends, and validate says it too, so that its
 * dry run says what the import will do: the rows of this file are not recognised as that send.
 */
export function cutShortJournalNote(cut: { journal: string; file: string; row: number | null }): string {
  return (
    `the journal ${cut.journal} (an import of ${cut.file}) ends with a line cut short${cut.row === null ? '' : ` recording row ${cut.row}`}: ` +
    `that row's create may have been sent, and from another file it cannot be recognised, so a row of this file with its values may be sent again. ` +
    `Finishing that run with its --resume (trackops-bulk import ${cut.file} --mapping … --resume --journal ${cut.journal}) looks for it in Trackops first`
  );
}
