/**
 * The command registry. Each command lives in its own file and is loaded only when it runs, so
 * `trackops-bulk --help` stays fast and a command's dependencies load only for that command.
 */
import type { CliCommand } from '../command.ts';

export const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  sandbox: () => import('./sandbox.ts'),
  validate: () => import('./validate.ts'),
  map: () => import('./map.ts'),
  export: () => import('./export.ts'),
  import: () => import('./import.ts'),
  demo: () => import('./demo.ts'),
  check: () => import('./check.ts'),
  revert: () => import('./revert.ts'),
};
