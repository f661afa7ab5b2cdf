/**
 * This computer's memory of the zone an account's server stamps in (core/api/stamp-zone.ts), so that a
 * run that writes nothing before it searches by time (an export `--since-last`, a round trip's check
 * for changes since the export, a dry run's look for another import running) reads such a server's
 * stamps as the last run that wrote to it saw them. Only a write shows the zone; without this memory
 * those runs assume the documented UTC, and west of UTC their windows lie in the server's future:
 * `--since-last` would leave out the last hours' changes, and a round trip would see no change since
 * its export and send over a colleague's.
 * UTC is remembered too, once a write shows it or a read proves the server does not stamp west of UTC
 * (stamp-zone.ts provesNotWest): until then those windows start 12 hours early (unknownZoneHours).
 * One small JSON file per account (by a hash of its address, never the address itself), in
 * `stamp-zones` beside the folder the run locks use (the CLI and the app share it). Written when a
 * write shows a zone other than what was remembered, or when nothing was; a file that cannot be read or
 * written is passed over (nothing is then known, as before), never a failure of the run.
 */
import { hash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createStampZone, type StampZone, type StampZoneLearnt, type StampZoneMemory } from './stamp-zone.ts';

export type { StampZoneMemory } from './stamp-zone.ts';

/** The memory's folder for the run locks' folder `runLocksDir`: beside it, as journal-lists is. */
export function stampZonesFolder(runLocksDir: string): string {
  return join(dirname(runLocksDir), 'stamp-zones');
}

function memoryPath(memory: StampZoneMemory): string {
  return join(memory.folder, `${hash('sha256', memory.account, 'hex').slice(0, 32)}.json`);
}

/**
 * What the last write to the account showed (or a read proved: not west, kept as UTC), with when (for
 * words), or null: never remembered, or not readable. Read at once (a file of a few hundred bytes) as the connection is made, before any request.
 */
export function recallStampZone(memory: StampZoneMemory): (StampZoneLearnt & { on: string }) | null {
  try {
    const kept = JSON.parse(readFileSync(memoryPath(memory), 'utf8')) as Partial<
      StampZoneLearnt & { on: string }
    >;
    const { offsetMinutes, from, stamp, clock, on } = kept;
    if (typeof offsetMinutes !== 'number' || !Number.isInteger(offsetMinutes)) return null;
    if (Math.abs(offsetMinutes) > 14 * 60 || offsetMinutes % 15 !== 0) return null;
    if ([from, stamp, clock, on].some((text) => typeof text !== 'string')) return null;
    return { offsetMinutes, from: from!, stamp: stamp!, clock: clock!, on: on! };
  } catch {
    return null;
  }
}

/**
 * Keeps what a write showed, or a read proved (UTC too: the server was set right since, or nothing was known).
 * At once, and whole (a temporary file renamed over the old one): the file is a few hundred bytes,
 * written once a run, and a run that ends right after its first write must not leave it half written
 * or unwritten.
 */
export function rememberStampZone(memory: StampZoneMemory, learnt: StampZoneLearnt): void {
  const { id: _id, ...kept } = learnt;
  const path = memoryPath(memory);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(memory.folder, { recursive: true });
    writeFileSync(temporary, `${JSON.stringify({ ...kept, on: learnt.clock.slice(0, 10) })}\n`);
    renameSync(temporary, path);
  } catch {
    // A memory aid: without it the next run that writes nothing assumes UTC, as the reference says.
    rmSync(temporary, { force: true });
  }
}

/**
 * A connection's zone of stamps (stamp-zone.ts), as an earlier run on this computer saw it until a write
 * of this one shows it, and kept when a write shows another.
 */
export function rememberedStampZone(memory: StampZoneMemory | undefined): StampZone {
  const recalled = memory ? recallStampZone(memory) : null;
  const zone = createStampZone((learnt) => {
    // UTC too, once: a window searched by time no longer starts 12 hours early (unknownZoneHours).
    if (memory && (recalled === null || learnt.offsetMinutes !== recalled.offsetMinutes))
      rememberStampZone(memory, learnt);
  });
  if (recalled) {
    const { on, ...learnt } = recalled;
    zone.assume({ ...learnt, from: `${learnt.from}, seen by a run on this computer on ${on},` });
  }
  return zone;
}
