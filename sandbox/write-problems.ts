/**
 * Collects 422 problems keyed by parameter path (API-NOTES "Assumed": `{"message", "errors": {"<param
 * path>": ["..."]}}`, paths like `client.country` or `subjects.0.custom_fields.2`, indexes counted in the
 * submitted arrays).
 */
export type ErrorsByPath = Record<string, string[]>;

export class WriteProblems {
  readonly errors: ErrorsByPath = {};

  add(path: string, message: string): void {
    (this.errors[path] ??= []).push(message);
  }

  get count(): number {
    return Object.keys(this.errors).length;
  }

  /** The top-level message, as Laravel-style APIs write it: the first problem and how many more. */
  summary(): string {
    const messages = Object.entries(this.errors).flatMap(([path, list]) =>
      list.map((message) => `${path}: ${message}`),
    );
    const [first] = messages;
    if (!first) return 'The given data was valid.';
    return messages.length === 1
      ? first
      : `${first} (and ${messages.length - 1} more error${messages.length > 2 ? 's' : ''})`;
  }
}
