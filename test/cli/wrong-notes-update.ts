/**
 * An update import that writes "WRONG n" into the notes of requests 1–6 of the demo account: what the
 * undone-import tests stop part way, revert, and then try to resume (undone-import-elsewhere,
 * undone-import-moved).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const NOTES_BY_ID = {
  version: 1,
  mode: 'update',
  match: 'id',
  columns: [
    { column: 'id', target: 'id' },
    { column: 'Notes', target: 'notes' },
  ],
};

/** The requests the import changes. */
export const IDS = [1, 2, 3, 4, 5, 6];

/** Writes upd.csv and upd.json in `dir`; returns the import's arguments (results in r.csv). */
export async function wrongNotes(dir: string): Promise<string[]> {
  await writeFile(
    join(dir, 'upd.csv'),
    'id,Notes\r\n' + IDS.map((id) => `${id},WRONG ${id}`).join('\r\n') + '\r\n',
  );
  await writeFile(join(dir, 'upd.json'), JSON.stringify(NOTES_BY_ID));
  return ['upd.csv', '--mapping', 'upd.json', '--results', 'r.csv', '--rate', '100/s'];
}
