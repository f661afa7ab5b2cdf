/**
 * Expected failures a handler reports to the user (bad file, unknown run, refused credentials) are
 * thrown as BridgeFailure inside main and turned into `{ ok: false, error }` by the dispatcher, so the
 * renderer gets a code it can branch on and a sentence it can show.
 */
import { ForbiddenError, TrackopsBulkError, UnauthorizedError } from '../../core/index.ts';
import type { BridgeError } from './contract.ts';

export class BridgeFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeFailure';
    this.code = code;
  }
}

/**
 * Core's connection errors come in the app's words (its connection's, main/bridge/connection-words.ts);
 * a few are said by the app in sentences of its own, which point at the Connection screen. `detail` keeps core's message after ours where it adds something
 * a support person can use (which address failed) and names no command-line flag. A `text` made from
 * the error keeps what Trackops said in the app's own sentence.
 */
const APP_WORDING: Record<
  string,
  { text: string | ((error: TrackopsBulkError) => string); detail: boolean }
> = {
  // Explore 51 item 5: a 401 or 403 said only our guess as fact ("API access is not enabled"), and what
  // Trackops said (an address not on its allow-list, a token expired) was lost. Its words first, then the
  // likely cause, said as likely.
  api_unauthorized: {
    text: (error) =>
      `Trackops refused the sign-in (401)${saying(error)}. Most likely the user name or API token is wrong or no longer valid: ` +
      'check both on the Connection screen (the user must be an active Full Access employee).',
    detail: false,
  },
  api_forbidden: {
    text: (error) =>
      `Trackops refused access (403, forbidden)${saying(error)}. Most likely API access is not enabled for this user: ` +
      `ask your Trackops administrator to enable it${saidOf(error) ? ', unless what Trackops said names another cause' : ''}.`,
    detail: false,
  },
  // Issue 17: the journal's refusals name CLI flags; in the app the journal is the app's own file.
  search_failed: {
    text: 'Trackops could not be searched for a request an earlier send may have created (it stopped answering, or refused the search). Nothing more was sent. When Trackops answers again, send again: the app looks for that request before sending anything.',
    detail: false,
  },
  // Explore 21 item 5: a 4xx is a refusal, and sending again is refused the same way.
  search_refused: {
    text: 'Trackops refused the search for a request an earlier send may have created (a refusal, not an outage: sending again is refused the same way). Nothing more was sent. Look in Trackops for the rows an earlier send got no answer for (the results of that send mark them) and take those it holds out of the file; ask your Trackops administrator why the search of case requests by creation time is refused.',
    detail: false,
  },
  journal_damaged: {
    text: "The app's record of earlier sends of this file is damaged, so it cannot tell which rows were already sent; nothing was sent. Contact support before sending this file again.",
    detail: false,
  },
  // A record that does not start as the app writes its records (a send's, or the one an undo reads):
  // core's words ask for "another --journal path", a flag the app has none of, and name its own file.
  journal_unreadable: {
    text: "The app's record of this file's earlier sends cannot be read (it does not start as the app writes its records), so it cannot tell which rows were already sent, nor undo them; nothing was sent or put back. Contact support before sending this file again.",
    detail: false,
  },
  // Explore 63: core's words name --resume and --journal, flags the app has none of. The way on is the
  // send screen's "Send … as a new import" (send-journal.ts), as the CLI's another --journal.
  journal_undone: {
    text: (error) => {
      const { undone, created = 0 } = error as {
        undone?: { undoneAt?: string; putBack?: number };
        created?: number;
      };
      const putBack = undone?.putBack ?? 0;
      const requests = (count: number) => (count === 1 ? '1 request' : `${count} requests`);
      // An undo of creates puts nothing back: it leaves them in the account (the API has no delete).
      const left = `left in the account the ${requests(created)} it created: an undo cannot delete them`;
      const did =
        created === 0
          ? `, ${requests(putBack)} put back`
          : putBack === 0
            ? `, which ${left}`
            : `, ${requests(putBack)} put back; it ${left}`;
      return (
        `This file was sent with this mapping before, and that import was undone (“Undo this import”${undone?.undoneAt ? `, started ${undone.undoneAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}` : ''}` +
        `${did}), so that import is not taken up again: the rest of its file would go in on top of the undo, ` +
        'and what the undo put back could be written again. Nothing was sent. If this file should go in after all, check it, then choose “Send as a new import”: every row is sent again, ' +
        'except those whose requests an earlier import created and Trackops still holds (an undo cannot delete them): they are not created a second time, and the results name them.'
      );
    },
    detail: false,
  },
  // Explore 10 item 2: core's words end "then run the command again" and name the app's own temp file.
  disk_full: {
    text: "The computer's disk refused to write the file (it is full, over its quota, or failing), so nothing was saved. Free some space, then try again.",
    detail: false,
  },
  // The CLI says what to do after a stop on 403s; the app showed core's words alone, with no next step.
  // Core's message (the detail) names the row, Trackops' words and that taking them for the
  // credentials' refusal to write is a guess.
  writes_refused: {
    text:
      'Trackops refused this send’s writes with 403 (forbidden), so it seems this user may read the account but not create or change requests. ' +
      'The send stopped; nothing more was sent. Ask your Trackops administrator for write rights for this user (or change the token on the Connection screen to one that has them), ' +
      'then send again: rows already written are not sent twice.',
    detail: true,
  },
  api_network: {
    text: 'Trackops could not be reached. Check the account address on the Connection screen and your internet connection, then try again.',
    detail: true,
  },
};

/** What Trackops said with a 401 or 403 (scrubbed of the credentials by core), '' when it said nothing. */
function saidOf(error: TrackopsBulkError): string {
  return error instanceof UnauthorizedError || error instanceof ForbiddenError ? error.said.trim() : '';
}

function saying(error: TrackopsBulkError): string {
  const said = saidOf(error);
  return said ? `, saying: “${said}”` : ' without saying why';
}

/**
 * Core's operational errors carry a user-facing message already; anything else is a bug, reported
 * with a generic sentence (details go to main's log, never to the renderer, which could leak paths).
 */
export function toBridgeError(error: unknown, log: (error: unknown) => void): BridgeError {
  if (error instanceof BridgeFailure) return { code: error.code, message: error.message };
  if (error instanceof TrackopsBulkError) {
    const wording = APP_WORDING[error.code];
    if (!wording) return { code: error.code, message: error.message };
    const text = typeof wording.text === 'string' ? wording.text : wording.text(error);
    return {
      code: error.code,
      message: wording.detail ? `${text} (${error.message})` : text,
    };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.' };
  }
  log(error);
  return {
    code: 'internal',
    message:
      'Something unexpected went wrong in the app. Try again; if it keeps happening, send the log to support.',
  };
}

/**
 * The code of the API failure under `error` when it is not the error's own: a send stopped because a
 * search for an earlier create got no answer is `search_failed`, and under it `api_network`. What the
 * header's status dot hears of a send's stop (renderer's connection-health.ts), as an export's.
 */
export function apiCauseOf(error: unknown): string | null {
  const seen = new Set<unknown>();
  for (let cause = (error as { cause?: unknown })?.cause; cause && !seen.has(cause);) {
    seen.add(cause);
    if (cause instanceof TrackopsBulkError && cause.code.startsWith('api_')) return cause.code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}
