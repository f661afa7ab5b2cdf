/**
 * The account as the app's journals record it (core's journal header `account`), and what earlier
 * imports into it created: the send writes the first and reads the second, the dry run reads the
 * second, from the same places.
 */
import {
  accountKey,
  earlierCreates,
  journalPaths,
  knownJournals,
  runningImportsOf,
  type EarlierCreates,
  type RunningImport,
} from '../../core/index.ts';
import { thisProcess } from './journal-owner.ts';
import { SANDBOX_PROFILE_ID, type ProfileStore } from '../storage/profiles.ts';

/**
 * How this app's built-in sandbox is named in journals (its address changes at each start), chosen by
 * the host that started it: the desktop app's, kept in its user-data folder, is one practice account
 * from start to start; browser mode's is kept in --data-dir, or lives in memory for one start only and
 * is then another account at each start (main/web/web-app.ts says why).
 */
export interface PracticeAccount {
  /** The account as journals record it. */
  key: string;
  /**
   * Whether it outlives this start: only then are its journals remembered in the lists the CLI shares
   * (an account gone with this process has nothing for a later run to find).
   */
  kept: boolean;
}

/** The desktop app's practice account: the name its journals have always recorded. */
export const DESKTOP_PRACTICE_ACCOUNT: PracticeAccount = { key: 'built-in sandbox (the app)', kept: true };

/** The practice account by the host's name for it, a real one by its account key (however it is typed). */
export function journalAccountOf(profileId: string, baseUrl: string, practice: PracticeAccount): string {
  return profileId === SANDBOX_PROFILE_ID ? practice.key : (accountKey(baseUrl) ?? baseUrl);
}

/** The account of the connection in use (the Connection screen's choice), as journals record it. */
export async function accountInUse(profiles: ProfileStore, practice: PracticeAccount): Promise<string> {
  const { profiles: views, activeId } = await profiles.list();
  const active = views.find((view) => view.id === activeId);
  return journalAccountOf(activeId, active?.baseUrl ?? '', practice);
}

/**
 * What earlier imports into `account` created (core's earlierCreates): the app's own journals, and
 * every journal remembered for the account in the lists the CLI shares (core's journal-registry.ts:
 * explore 21, the CLI and the app each created a file's unkeyed rows again after the other), except
 * the send's own journal.
 */
export async function earlierImportsInto(
  account: string,
  places: { journalDir: string; journalLists: string },
  except: string,
  /** The name of the file being checked or sent. */
  file: string,
): Promise<EarlierCreates> {
  return earlierCreates({
    folders: [places.journalDir],
    paths: await knownJournals(account, places.journalLists),
    account,
    except,
    file,
  });
}

/**
 * The imports of these rows (by content) into `account` running now (core's runningImportsOf: a CLI
 * import of a copy of the file saved again, explore 26 item 1), from the journals earlierImportsInto
 * reads, listed again at each call.
 */
export async function importsRunningInto(
  account: string,
  places: { journalDir: string; journalLists: string },
  except: string,
  contents: ReadonlySet<string>,
): Promise<RunningImport[]> {
  return runningImportsOf({
    journals: await journalPaths(
      [places.journalDir],
      await knownJournals(account, places.journalLists),
      except,
    ),
    account,
    contents,
    owner: thisProcess(),
  });
}
