/**
 * core's API client for one connection, at the profile's pace (core's ACCOUNT_PACE for a real account
 * unless its profile says otherwise: API-NOTES, no published limit), so that the app never gets an
 * account throttled or suspended.
 */
import {
  connectAccount,
  type ApiEvent,
  type ConnectOptions,
  type ConnectionSettings,
  type Pace,
  type RateBucket,
  type TrackopsApi,
} from '../../core/index.ts';

export async function createCoreApi(
  settings: ConnectionSettings,
  pace: Pace,
  onEvent?: (event: ApiEvent) => void,
  retrySleep?: ConnectOptions['retrySleep'],
  rateBucket?: RateBucket,
): Promise<TrackopsApi> {
  return connectAccount(settings, {
    pace,
    ...(rateBucket ? { rateBucket } : {}),
    ...(onEvent ? { onEvent } : {}),
    ...(retrySleep ? { retrySleep } : {}),
  }).api;
}
