/**
 * A later import of this machine named in a revert's words (explore 63 item 6): "the import of upd.csv
 * on 2026-12-06 20:10 UTC", from the steps revert-chain.ts walked, once per import however many steps
 * it took. Minutes, as the undone-import refusal says its revert's start (undone-import.ts).
 */
import { basename } from 'node:path';
import type { OwnStep } from './revert-chain.ts';
import { minuteUtc } from './minute-utc.ts';

/** The imports the steps belong to, in the order walked, once each. */
export function importsOf(steps: readonly OwnStep[]): OwnStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => !seen.has(step.journal) && seen.add(step.journal));
}

/**
 * "the import of upd.csv on …" / "the imports of a.csv on … and b.csv on …"; `journals`: each with its
 * journal's name, what undoes it (a clerk who wants its changes gone too reverts that one first).
 */
export function laterImportsWords(steps: readonly OwnStep[], journals = false): string {
  const each = importsOf(steps).map(
    (step) =>
      `${step.file} on ${minuteUtc(step.startedAt)}${journals ? ` (journal ${basename(step.journal)})` : ''}`,
  );
  if (each.length === 1) return `the import of ${each[0]}`;
  return `the imports of ${each.slice(0, -1).join(', ')} and ${each.at(-1)}`;
}
