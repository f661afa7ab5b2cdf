/**
 * The wizard's target help (main/session/target-help.ts) is derived from core's one table of targets
 * (issue 14 point 2): every parameter of the seed's create and update tables, every client and contact
 * part and each match key is offered, with words; which are required, their kind and their lookup are
 * core's. The seed's create table comes first, update-only targets after, as before.
 */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_PARTS,
  CONTACT_PARTS,
  MATCH_KEYS,
  PARAM_NAMES,
  PARAMS,
  parseTarget,
  REQUIRED_TARGETS,
} from '../../core/index.ts';
import { targetCatalog } from '../../main/session/target-help.ts';

describe("the wizard's targets", () => {
  const { targets } = targetCatalog(null);
  const byTarget = new Map(targets.map((help) => [help.target, help]));

  it('offers every target core knows, each with a label and a description, and nothing core refuses', () => {
    const known = [
      ...PARAM_NAMES,
      ...MATCH_KEYS,
      ...CLIENT_PARTS.map((part) => `client.${part}`),
      ...['full_name', ...CONTACT_PARTS].map((part) => `contact.${part}`),
    ];
    expect([...byTarget.keys()].sort()).toEqual([...new Set(known)].sort());
    for (const help of targets) {
      expect(parseTarget(help.target), help.target).not.toBeNull();
      expect(help.label.length, help.target).toBeGreaterThan(0);
      expect(help.description.length, help.target).toBeGreaterThan(0);
    }
  });

  it("marks as required exactly core's required targets, and gives each lookup parameter core's lookup", () => {
    expect(targets.filter((help) => help.required).map((help) => help.target)).toEqual(
      expect.arrayContaining([...REQUIRED_TARGETS]),
    );
    expect(targets.filter((help) => help.required)).toHaveLength(REQUIRED_TARGETS.length);
    for (const name of PARAM_NAMES) expect(byTarget.get(name)!.lookup).toBe(PARAMS[name].lookup ?? null);
  });

  it('lists the create table first, update-only targets after', () => {
    const caseTargets = targets.filter((help) => help.group === 'Case request').map((help) => help.target);
    expect(caseTargets.slice(0, 3)).toEqual(['case_type_id', 'case_region_id', 'created_on']);
    expect(caseTargets.slice(-3)).toEqual(['client_id', 'id', 'case_request_number']);
  });
});
