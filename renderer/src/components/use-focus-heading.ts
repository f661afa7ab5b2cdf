import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to the first heading inside the returned ref's element each time `screen`
 * changes (not on the first render): after a step's button the old screen and its button are gone, and
 * focus fell back to <body>, so a keyboard user had to Tab from the top again and a screen reader was
 * not told the step changed (explore 11 item 6). The heading takes focus with tabIndex -1: it can be
 * focused from code, never lands in the Tab order.
 */
export function useFocusHeading<T extends HTMLElement = HTMLDivElement>(
  screen: unknown,
  /** The new screen puts the focus on a control of its own (a value box opened for the clerk). */
  focusedByScreen = false,
) {
  const ref = useRef<T>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (focusedByScreen) return;
    const heading = ref.current?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
    // Only a change of screen moves the focus; focusedByScreen is read as it is then.
  }, [screen]);
  return ref;
}
