import { useEffect, useState } from 'react';
import type { ReadingNoteView, SheetPreview } from '../../../main/bridge/contract.ts';
import { call, messageOf } from '../bridge.ts';
import { TextReadNote } from './TextReadNote.tsx';

/** Main's answer, and the preview it answers: one for an earlier preview is not shown for this one. */
type Heard = { preview: SheetPreview } & ({ notes: ReadingNoteView[] } | { failed: string });

/**
 * What reading the file guessed and noticed, beside its name on the sheet step (project rule: where
 * the tool must guess, it says that it guessed): how a text file was read, then each guess with how to
 * change it here and each note on what reads otherwise than a spreadsheet shows it, in the words the
 * CLI's validate and import say them (with its flags). Asked once the preview is shown (main answers
 * when the rows are read), again for each new preview; nothing is shown when there is nothing to say.
 */
export function ReadingNotes({ preview }: { preview: SheetPreview }) {
  const [heard, setHeard] = useState<Heard | null>(null);
  useEffect(() => {
    // An answer that comes after another preview (another sheet, delimiter or header row) is dropped.
    let current = true;
    call('readingNotes', { sourceId: preview.sourceId }).then(
      (answer) => current && setHeard({ preview, notes: answer.notes }),
      (error: unknown) => current && setHeard({ preview, failed: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [preview]);
  // Shown whole once main answers (for a small file, as the preview appears): the line on how a text
  // file was read leaves out what a note says, so it is not redrawn under the clerk's eyes.
  if (heard === null || heard.preview !== preview) return null;
  const notes = 'notes' in heard ? heard.notes : [];
  const saidInNotes = new Set(notes.flatMap((note) => (note.about ? [note.about] : [])));
  if (!preview.readAs && notes.length === 0 && !('failed' in heard)) return null;
  return (
    <div className="reading-notes">
      {preview.readAs && <TextReadNote readAs={preview.readAs} saidInNotes={saidInNotes} />}
      {notes.length > 0 && (
        <ul aria-label="What reading the file guessed and noticed">
          {notes.map((note) => (
            <li key={note.text} className={note.kind}>
              <span className="tag">{note.kind === 'guess' ? 'Guess' : 'Note'}</span> {note.text}
            </li>
          ))}
        </ul>
      )}
      {'failed' in heard && (
        <p className="small muted" role="status">
          What reading the file guessed could not be said: {heard.failed}
        </p>
      )}
    </div>
  );
}
