/**
 * Operational failures (a file that cannot be read, a connection refused, a bad mapping) are classes
 * under one base, each with a stable `code` and optional `cause`. Data problems in rows are not errors:
 * they are `Problem` values (problems/problem.ts). Nothing here ever carries the API token.
 */
export class TrackopsBulkError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The user's input (file, mapping, flags) is unusable as given. CLI exit code 2. */
export class InputError extends TrackopsBulkError {}
