/**
 * Which case type a sheet is for, when no column says: the one whose reference labels and enabled
 * custom fields name the most headers ("Claim #", "Policy No", "Date of Loss" → Surveillance). A tie is
 * settled by the lower id and reported, so a person can change the constant.
 */
import type { AccountReference, CaseType } from '../account/reference.ts';
import { caseFieldCandidates, referenceCandidates } from './candidates.ts';

export interface CaseTypeChoice {
  caseType: CaseType;
  /** Headers it explains. */
  score: number;
  /** Other case types explaining as many headers. */
  tiedWith: CaseType[];
}

export function chooseCaseType(
  headers: readonly string[],
  reference: AccountReference,
): CaseTypeChoice | null {
  const scored = reference.case_types.map((caseType) => {
    const labels = [...referenceCandidates(caseType), ...caseFieldCandidates(reference, caseType)].flatMap(
      (candidate) => [...candidate.labels.keys()],
    );
    const known = new Set(labels);
    return { caseType, score: headers.filter((header) => known.has(header)).length };
  });
  scored.sort((a, b) => b.score - a.score || a.caseType.id - b.caseType.id);
  const best = scored[0];
  if (!best) return null;
  return {
    caseType: best.caseType,
    score: best.score,
    tiedWith: scored
      .slice(1)
      .filter((entry) => entry.score === best.score)
      .map((entry) => entry.caseType),
  };
}
