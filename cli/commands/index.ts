/**
 * The command registry. Each command lives in its own file and is loaded only when it runs, so a
 * command's dependencies load only for that command. Each one-line summary is kept here rather than in
 * the command's file, so that `trackops-bulk --help` lists them without loading any command (and core,
 * which all of them import): ≈ 0.1 s of CPU at every look at the list.
 */
import type { CliCommand } from '../command.ts';

export interface RegisteredCommand {
  /** One line for `trackops-bulk --help`. */
  summary: string;
  load(): Promise<{ command: CliCommand }>;
}

export const COMMANDS: Record<string, RegisteredCommand> = {
  sandbox: {
    summary: 'run the local Trackops-compatible sandbox API',
    load: () => import('./sandbox.ts'),
  },
  validate: {
    summary: 'dry run: check every row of a file against a mapping (sends nothing)',
    load: () => import('./validate.ts'),
  },
  map: {
    summary: 'propose a mapping (template) for a file from its headers and values',
    load: () => import('./map.ts'),
  },
  export: {
    summary: 'export case requests to .xlsx or .csv',
    load: () => import('./export.ts'),
  },
  import: {
    summary: 'validate, then send the valid rows (paced, journaled, resumable)',
    load: () => import('./import.ts'),
  },
  demo: {
    summary: 'run the whole job (dry run, import, export) on the built-in sandbox with samples/',
    load: () => import('./demo.ts'),
  },
  check: {
    summary: 'read-only probe of an account: what it answers beside what the tool assumes',
    load: () => import('./check.ts'),
  },
  revert: {
    summary: "undo an import run's updates from its journal (conflicts reported, never overwritten)",
    load: () => import('./revert.ts'),
  },
};
