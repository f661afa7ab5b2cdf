import { InputError } from '../errors.ts';

export interface MappingProblem {
  /** JSON path inside the mapping file, e.g. "columns[3].target" (empty for the file as a whole). */
  path: string;
  message: string;
}

/** A mapping file that cannot be used. The message lists every problem with its JSON path. */
export class MappingError extends InputError {
  readonly problems: MappingProblem[];
  readonly fileName: string;

  constructor(fileName: string, problems: MappingProblem[], options?: { cause?: unknown }) {
    const lines = problems.map((problem) =>
      problem.path ? `${problem.path}: ${problem.message}` : problem.message,
    );
    const head =
      problems.length === 1
        ? `Mapping ${fileName} is not usable: `
        : `Mapping ${fileName} has ${problems.length} problems: `;
    super('bad_mapping', head + lines.join('; '), options);
    this.problems = problems;
    this.fileName = fileName;
  }
}

/** Formats a zod-style path (["columns", 3, "target"]) as "columns[3].target". */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else {
      const key = String(segment);
      path += /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return path;
}
