/**
 * For a resume refused because the file's bytes changed (explore 26 item 4): whether the rows the run
 * sent are still in the file, by content. The rows' bodies need the account's reference lists (a
 * region's name becomes its id), so the account is read, never written; what cannot be read is said
 * as the reason the rows were not compared, never taken as "they differ".
 */
import { checkedRows } from '../core/validate/dry-run.ts';
import { compareSentRows, type SentRowsComparison } from '../core/batch/sent-rows-compare.ts';
import type { Mapping } from '../core/mapping/schema.ts';
import type { SheetSource } from '../core/read/types.ts';
import { openAccountSession, rateFlag } from './account-session.ts';
import type { CliIo } from './command.ts';
import { openRequiredConnection, type ConnectionFlags } from './connection.ts';
import { CLI_WAYS_OUT } from './ways-out.ts';

export type SentRowsNow = SentRowsComparison | { unchecked: string };

export async function sentRowsNow(
  journal: string,
  sheet: SheetSource,
  mapping: Mapping,
  flags: ConnectionFlags & { rate?: string | undefined },
  io: CliIo,
): Promise<SentRowsNow> {
  let connection;
  try {
    connection = await openRequiredConnection('import', flags, io.env, '', { cwd: io.cwd });
  } catch (error) {
    return { unchecked: (error as Error).message };
  }
  try {
    const account = await openAccountSession(connection, {
      ratePerSecond: rateFlag(flags.rate),
      signal: io.signal,
    });
    return await compareSentRows(
      journal,
      checkedRows(sheet, mapping, account, { waysOut: CLI_WAYS_OUT, signal: io.signal }),
    );
  } catch (error) {
    if (io.signal.aborted) throw error;
    return { unchecked: (error as Error).message };
  } finally {
    await connection.close();
  }
}
