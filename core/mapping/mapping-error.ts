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

  /**
   * `fileName`: the mapping file's name (the message names the mapping, never the data file).
   * `fitting`: the data file, when the mapping is fine on its own but does not fit that file.
   */
  constructor(fileName: string, problems: MappingProblem[], options?: { cause?: unknown; fitting?: string }) {
    const lines = problems.map((problem) =>
      problem.path ? `${problem.path}: ${problem.message}` : problem.message,
    );
    const subject = /^the /.test(fileName) ? `T${fileName.slice(1)}` : `Mapping ${fileName}`;
    const head = options?.fitting
      ? `${subject} does not fit ${options.fitting}: `
      : problems.length === 1
        ? `${subject} is not usable: `
        : `${subject} has ${problems.length} problems: `;
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
