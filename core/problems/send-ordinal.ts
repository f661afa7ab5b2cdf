/** "first", "second", … for the n-th send of one row (0-based), as a clerk counts them. */
export function sendOrdinal(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][n] ?? `number ${n + 1}`;
}
