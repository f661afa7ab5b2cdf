/**
 * A count with its thousands grouped as en-US writes it: "1,204". The words of every message the
 * tool writes, in the CLI's language.
 *
 * Written by hand, not with `toLocaleString('en-US')`: the first number format of a process sets up
 * ICU's locale data, ≈ 20–30 ms of CPU (measured on Node 20), which each CLI command paid for the
 * one count in its first line. The same text, held to ICU's by a property test
 * (test/thousands.test.ts); anything but a whole number within safe range still goes to ICU.
 */
export function thousands(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let text = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = text.length; at < digits.length; at += 3) text += `,${digits.slice(at, at + 3)}`;
  return value < 0 ? `-${text}` : text;
}
