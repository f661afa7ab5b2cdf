/**
 * A journal's ISO time as the revert's and the undone-import refusal's words give it, to the minute:
 * "2026-12-06T20:10:31.120Z" → "2026-12-06 20:10 UTC". Its own file: both read it, and the one imports
 * the other's neighbours (revert-chain.ts), so neither can hold it without a circle.
 */
export function minuteUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
