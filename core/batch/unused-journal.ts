/**
 * A run refused before it sent anything leaves no journal behind (explore 6 item 13): a new journal
 * (not one being resumed) that holds no intent is removed; one that records a request is kept. An
 * import's and a revert's alike, from the CLI or the app: a revert journal left with its header only
 * refused the next revert as "already started". Answers whether it was removed (the caller then says
 * "run it again", not --resume).
 */
import { readFile, rm } from 'node:fs/promises';
import type { Journal } from './journal.ts';

export async function discardUnusedJournal(journal: Journal): Promise<boolean> {
  if (journal.resumed) return false;
  await journal.close();
  const text = await readFile(journal.path, 'utf8').catch(() => null);
  if (text === null || text.includes('"type":"intent"')) return false;
  await rm(journal.path, { force: true });
  return true;
}
