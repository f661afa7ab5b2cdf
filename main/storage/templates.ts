/** Saved mapping templates: one JSON mapping file (CONTRACTS section 2) per name under `templates/`. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mappingSchema, type Mapping } from '../../core/index.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';

export class TemplateStore {
  readonly #dir: string | null;
  readonly #memory = new Map<string, Mapping>();

  constructor(dataDir: string | null) {
    this.#dir = dataDir === null ? null : join(dataDir, 'templates');
  }

  async names(): Promise<string[]> {
    if (this.#dir === null) return [...this.#memory.keys()].sort();
    try {
      const files = await readdir(this.#dir);
      return files
        .filter((file) => file.endsWith('.json'))
        .map((file) => decodeURIComponent(file.slice(0, -'.json'.length)))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async save(name: string, mapping: Mapping): Promise<string[]> {
    if (this.#dir === null) this.#memory.set(name, mapping);
    else await writeFileAtomic(this.#fileOf(name), JSON.stringify(mapping, null, 2) + '\n', 0o644);
    return this.names();
  }

  async load(name: string): Promise<Mapping> {
    const mapping =
      this.#dir === null ? (this.#memory.get(name) ?? null) : await readJsonFile(this.#fileOf(name));
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
      throw new BridgeFailure('not_found', `There is no saved template named '${name}'.`);
    }
    // A file edited by hand may not be a mapping at all: said here, not by the wizard that opens it.
    const parsed = mappingSchema.safeParse(mapping);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new BridgeFailure('input', `The template '${name}' is not a mapping: ${problems.join('; ')}.`);
  }

  /** Names are user text: encoded so "a/b" or ".." can never leave the folder. */
  #fileOf(name: string): string {
    return join(this.#dir ?? '', `${encodeURIComponent(name).replace(/\./g, '%2E')}.json`);
  }
}
