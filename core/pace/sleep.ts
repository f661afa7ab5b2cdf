/** A timer that any of the given signals cuts short (rejecting with its reason), leaving no listener behind. */
export function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = [...new Set(signals)].filter((signal): signal is AbortSignal => signal !== undefined);
    const onAbort = (event: Event) => {
      clearTimeout(timer);
      for (const signal of live) signal.removeEventListener('abort', onAbort);
      reject((event.target as AbortSignal).reason);
    };
    const timer = setTimeout(() => {
      for (const signal of live) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    for (const signal of live) {
      if (signal.aborted) return onAbort({ target: signal } as unknown as Event);
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
