/**
 * A time as the person at the screen reads it: their time zone and locale, date and time of day
 * ("Dec 4, 2026, 4:10 PM"). One formatter for the grid (the renderer, in the browser's zone) and for
 * main's sentences the renderer shows (main formats with the zone and locale the renderer sends), so a
 * refusal and the grid give the same time. Pure: no Node, no DOM (the renderer imports it).
 */

/** The screen's clock: its IANA time zone and its locale (absent: the runtime's own). */
export interface ScreenClock {
  timeZone?: string | undefined;
  locale?: string | undefined;
}

/** The renderer's clock, to send with a request whose answer may name a time. */
export function screenClock(): ScreenClock {
  const options = new Intl.DateTimeFormat().resolvedOptions();
  return { timeZone: options.timeZone, locale: options.locale };
}

export function localTimeWords(iso: string, clock: ScreenClock = {}): string {
  const format = (timeZone: string | undefined, locale: string | undefined) =>
    new Date(iso).toLocaleString(locale ? [locale] : [], {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    });
  try {
    return format(clock.timeZone, clock.locale);
  } catch {
    // A zone or locale this runtime does not know: its own rather than none.
    return format(undefined, undefined);
  }
}
