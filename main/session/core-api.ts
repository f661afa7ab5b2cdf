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

import type { Pace } from '../storage/profiles.ts';

/** The pace is the profile's (main/storage/profiles.ts: 1/s for a real account unless its profile says otherwise). */
export async function createCoreApi(settings: ConnectionSettings, pace: Pace): Promise<TrackopsApi> {
  return createTrackopsApi(settings, { pacer: createPacer(pace) });
}
