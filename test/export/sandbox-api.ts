/** The export tests reach the sandbox over real HTTP through core's own API client, paced fast. */
import { createTrackopsApi } from '../../core/api/client.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import type { TrackopsApi } from '../../core/index.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

export type ExportApi = TrackopsApi;

/** `localNow`: the test's clock for this machine, when it sets one (the export's `now`). */
export function sandboxApi(
  sandbox: Pick<RunningSandbox, 'baseUrl' | 'username' | 'token'>,
  localNow?: () => number,
): ExportApi {
  return createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    {
      pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }),
      ...(localNow ? { serverClock: createServerClock(localNow) } : {}),
    },
  );
}
