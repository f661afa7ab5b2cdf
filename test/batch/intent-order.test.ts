/**
 * STYLE "Errors and data safety": the journal line recording a write is on disk before the write leaves.
 * The API here is a recorder that reads the journal file at the moment each request would leave.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../core/batch/journal.ts';
import { runImport } from '../../core/batch/runner.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { CaseRequestCreateBody, RowOutcome, TrackopsApi } from '../../core/index.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';

const body = (reference: string): CaseRequestCreateBody => ({
  case_type_id: 1,
  case_region_id: 1,
  created_on: '2026-07-01',
  reference_value_1: reference,
  client: { name: 'Summit' },
  contact: { first_name: 'Dana', last_name: 'W', email: 'dana@example.com' },
});

describe('journal order', () => {
  it('every create is preceded on disk by its intent, and followed by its outcome', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intent-order-'));
    const path = join(dir, 'j.jsonl');
    const seenOnDisk: boolean[] = [];
    let nextId = 100;
    const api = {
      async createCaseRequest(sent: CaseRequestCreateBody) {
        const text = await readFile(path, 'utf8');
        const row = Number(sent.reference_value_1!.slice(4));
        seenOnDisk.push(text.includes(`"type":"intent","row":${row},"op":"create"`));
        return { status: 201, record: { id: nextId++, case_request_number: `REQ-${nextId}` } };
      },
    } as unknown as TrackopsApi;
    const outcomes: RowOutcome[] = [2, 3, 4, 5].map((row) => ({
      row,
      status: 'valid',
      problems: [],
      body: body(`ORD-${row}`),
      cells: [],
    }));
    const journal = await openJournal(
      path,
      { file: 'x.csv', fileHash: 'h', mappingHash: 'm', mode: 'create' },
      { resume: false, owner: thisProcess() },
    );
    const summary = await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes,
      mode: 'create',
      api,
      pacer: createPacer({ ratePerSecond: 1000, concurrency: 2 }),
      journal,
    });
    await journal.close();
    expect(summary).toMatchObject({ created: 4, failed: 0 });
    expect(seenOnDisk).toEqual([true, true, true, true]);
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const row of [2, 3, 4, 5]) {
      const intent = lines.findIndex((line) => line.type === 'intent' && line.row === row);
      const outcome = lines.findIndex((line) => line.type === 'outcome' && line.row === row);
      expect(intent).toBeGreaterThan(0);
      expect(outcome).toBeGreaterThan(intent);
    }
  });
});
