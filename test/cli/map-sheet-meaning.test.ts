/**
 * `map` proposes what the sheet means (explore 39): numbered subject groups stay with their number, a
 * "Client" column is the client's name in a create, whole addresses go to the whole ADDRESS field with
 * `parse: "address"`, and two-digit-year dates are advised with the format that reads them. Each sheet is
 * written by Python's csv module, as a carrier's export would be; `map` runs as a child process against
 * the embedded sandbox (the demo account), and its written mapping is loaded as validate would load it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMappingFile, type Mapping, type SuggestedMapping } from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

function csv(name: string, rows: string[][]): string {
  const path = join(dir, name);
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  execFileSync('python3', ['-c', script, path, JSON.stringify(rows)]);
  return path;
}

async function map(
  file: string,
  extra: string[] = ['--sandbox'],
): Promise<{ mapping: Mapping; proposal: SuggestedMapping; stdout: string }> {
  const out = join(dir, `${file.split('/').pop()}.${extra.length}.json`);
  const run = await runCli(['map', file, ...extra, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  const json = await runCli(['map', file, ...extra, '--json']);
  return {
    mapping: await loadMappingFile(out),
    proposal: JSON.parse(json.stdout) as SuggestedMapping,
    stdout: run.stdout,
  };
}

const targetOf = (mapping: Mapping, column: string) =>
  mapping.columns.find((entry) => entry.column === column)?.target;

describe('map: a "Client" column in a create', () => {
  it("rule: is the client's name (never the update-only client_id), offline and connected", async () => {
    const file = csv('referrals.csv', [
      ['Claim #', 'Client', 'Adjuster Email'],
      ['CLM-1', 'Acme Mutual', 'dana@acme.example'],
      ['CLM-2', 'Zurich North America', 'lee@zna.example'],
    ]);
    for (const extra of [[], ['--sandbox']]) {
      const { mapping, proposal } = await map(file, extra);
      expect(targetOf(mapping, 'Client')).toBe('client.name');
      expect(proposal.columns.find((column) => column.column === 'Client')?.status).toBe('mapped');
    }
  });

  it("rule: the tool's own report export maps, its Client column to the client's name", async () => {
    const report = join(dir, 'report.csv');
    const exported = await runCli(['export', '--out', report, '--sandbox']);
    expect(exported.code, exported.stderr).toBe(0);
    const { mapping } = await map(report);
    expect(targetOf(mapping, 'Client')).toBe('client.name');
    expect(mapping.columns.some((column) => column.target === 'client_id')).toBe(false);
  });
});
