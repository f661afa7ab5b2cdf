/**
 * core's API client for one connection, paced gently by default (API-NOTES: no published limit, about
 * one request per second, one in flight) so that the app never gets an account throttled or suspended.
 */
import {
  createPacer,
  createTrackopsApi,
  type ConnectionSettings,
  type TrackopsApi,
} from '../../core/index.ts';

export interface Pace {
  ratePerSecond?: number;
  concurrency?: number;
}

export async function createCoreApi(settings: ConnectionSettings, pace: Pace): Promise<TrackopsApi> {
  return createTrackopsApi(settings, { pacer: createPacer({ concurrency: 1, ...pace }) });
}
