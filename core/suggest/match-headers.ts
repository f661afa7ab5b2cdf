/**
 * Headers to candidates: every header scored against every candidate's labels (equal after
 * normalising, else Dice similarity), then assigned greedily best-first so that each target gets the
 * header that names it most surely and no header gets two targets.
 */
import type { Candidate } from './candidates.ts';
import { dice, diceCeiling, wordsAlign } from '../mapping/similarity.ts';
import type { MatchKind } from './types.ts';
import { candidateKind, type ValueKind } from './value-kinds.ts';
import type { GroupNumber } from './group-numbers.ts';

export interface HeaderMatch {
  candidate: Candidate;
  confidence: number;
  how: MatchKind;
  /** Subject fields: the number of the group of its type the column belongs to (1 unless numbered). */
  groupNumber?: number;
}

/** Below this a header is not considered for a target at all. */
export const CONSIDER = 0.55;
/** Fuzzy matches need bigrams this alike before they count. */
const FUZZY_FLOOR = 0.7;

export function scoreHeader(header: string, candidate: Candidate): HeaderMatch | null {
  if (header === '') return null;
  const exact = candidate.labels.get(header);
  if (exact !== undefined) {
    const how: MatchKind = exact === 1 ? 'exact' : exact >= 0.98 ? 'account' : 'synonym';
    return { candidate, confidence: exact, how };
  }
  let best = 0;
  for (const [label, weight] of candidate.labels) {
    // Dice is never above its ceiling: a label that could not reach the floor, or beat the best label
    // so far, is not compared (the same result; issue 13: most of a suggestion's header scoring).
    const ceiling = diceCeiling(header, label);
    if (ceiling < FUZZY_FLOOR || ceiling * weight * 0.9 <= best) continue;
    const similarity = dice(header, label);
    if (similarity >= FUZZY_FLOOR && wordsAlign(header, label))
      best = Math.max(best, similarity * weight * 0.9);
  }
  return best >= CONSIDER ? { candidate, confidence: round(best), how: 'fuzzy' } : null;
}

/**
 * Targets are unique per subject group: "Claimant Phone" and "Employer Phone" are different targets, and
 * so are "Claimant 1 Phone" and "Claimant 2 Phone" (an unnumbered "Claimant Phone" is claimant 1's).
 */
export function targetKey(candidate: Candidate, groupNumber = 1): string {
  return candidate.subjectTypeId === undefined
    ? candidate.target
    : `${candidate.subjectTypeId}#${groupNumber}:${candidate.target}`;
}

/**
 * `kinds`: what each column's values all are (value-kinds.ts), when they say: a target of another kind
 * is not offered, and a fuzzy match of the same kind counts for more.
 * `groupNumbers`: a header numbered after a subject type (group-numbers.ts) is matched without its
 * number, against that type's fields only, and competes only with the columns of its own group.
 */
export function matchHeaders(
  normalised: readonly string[],
  candidates: readonly Candidate[],
  kinds: readonly (ValueKind | null)[] = [],
  groupNumbers: readonly (GroupNumber | null)[] = [],
): (HeaderMatch | null)[] {
  const pairs: { index: number; match: HeaderMatch }[] = [];
  normalised.forEach((header, index) => {
    const kind = kinds[index] ?? null;
    const numbered = groupNumbers[index] ?? null;
    for (const candidate of candidates) {
      if (numbered && candidate.subjectTypeId !== numbered.subjectTypeId) continue;
      const match = scoreHeader(numbered ? numbered.header : header, candidate);
      if (!match) continue;
      if (candidate.subjectTypeId !== undefined) match.groupNumber = numbered?.number ?? 1;
      if (kind !== null) {
        const takes = candidateKind(candidate);
        if (takes !== null && takes !== kind) continue;
        if (takes === kind && match.how === 'fuzzy')
          match.confidence = Math.min(0.95, round(match.confidence + 0.1));
      }
      pairs.push({ index, match });
    }
  });
  // Ties go to the earlier header, then to the candidate listed first (seed parameters before fields).
  pairs.sort((a, b) => b.match.confidence - a.match.confidence || a.index - b.index);
  const result: (HeaderMatch | null)[] = normalised.map(() => null);
  const taken = new Set<string>();
  for (const { index, match } of pairs) {
    const key = targetKey(match.candidate, match.groupNumber);
    if (result[index] || taken.has(key)) continue;
    result[index] = match;
    taken.add(key);
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
