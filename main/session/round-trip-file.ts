import type { RoundTripMapping } from '../../core/index.ts';

/** What a host knows of a round-trip export before connecting (no request), or null: not one. */
export interface RoundTripFile {
  mapping: RoundTripMapping;
  exportedAt: string;
  exportedFrom: string;
}
