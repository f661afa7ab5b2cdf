/**
 * The reader's refusals and options as a user meets them on the command line (issues 15–17): a
 * damaged CSV is one line naming the row and column (exit 2, no stack), `map --quote` reads a file
 * quoted with ' and keeps the quote in the mapping so that `validate` reads it the same way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../report/helpers.ts';
import { fixture } from '../read/helpers.ts';
import { runCli } from './run-cli.ts';

describe('reading options and refusals on the command line', () => {
  it('map of a CSV with a stray quote: exit 2, one line naming the row and column', async () => {
    const run = await runCli(['map', fixture('stray-quote.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Row 3, column B of .*stray-quote.csv is a quoted field holding a quote/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('map --quote "\'" reads the file and keeps the quote in the mapping\'s source; validate reads it alike', async () => {
    const out = join(await tempDir(), 'single-quoted.json');
    const mapped = await runCli([
      'map',
      fixture('single-quoted.csv'),
      '--quote',
      "'",
      '--out',
      out,
      '--json',
    ]);
    expect(mapped.stderr).toBe('');
    expect(mapped.code).toBe(0);
    const proposal = JSON.parse(mapped.stdout) as { columns: { column: string }[] };
    expect(proposal.columns.map((column) => column.column)).toEqual(['Claim', 'Insured']);
    const mapping = JSON.parse(await readFile(out, 'utf8')) as { source?: Record<string, unknown> };
    expect(mapping.source).toMatchObject({ quote: "'" });

    const validated = await runCli(['validate', fixture('single-quoted.csv'), '--mapping', out, '--json']);
    expect(validated.stderr).not.toMatch(/Column 3|damaged/);
    expect(JSON.parse(validated.stdout)).toMatchObject({ rows: 2 });
  });
});
