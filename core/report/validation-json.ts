import { writeFileAtomic } from '../files/atomic-write.ts';
import { ChangeTally } from '../validate/change-summary.ts';
import {
  validationReportRow,
  type ValidationReport,
  type ValidationReportOptions,
} from './validation-rows.ts';
import type { ValidationReportWriter } from './validation-rows.ts';

/**
 * The `.json` validation report, written whole and atomically at close; one row per line so diffs stay
 * readable. Until then each row waits as its JSON text (tens of bytes for a valid row).
 */
export function openValidationJson(path: string, options: ValidationReportOptions): ValidationReportWriter {
  const rows: string[] = [];
  const tally = new ChangeTally(options.blankPolicies);
  return {
    async add(outcome) {
      tally.add(outcome);
      rows.push(JSON.stringify(validationReportRow(outcome)));
    },
    async close(summary) {
      const reading = options.readingNotes?.(tally.summary()) ?? [];
      const head: Omit<ValidationReport, 'rows'> = {
        file: options.file,
        sheet: options.sheet,
        mode: options.mode,
        summary,
        ...(options.skippedChecks ? { skippedChecks: options.skippedChecks } : {}),
        ...(reading.length ? { reading } : {}),
        ...(tally.summary() ? { changes: tally.summary()! } : {}),
        ...(options.blankPolicies?.length ? { blankCells: options.blankPolicies } : {}),
      };
      const body = rows.length ? '\n' + rows.join(',\n') + '\n' : '';
      await writeFileAtomic(path, JSON.stringify(head).slice(0, -1) + ',"rows":[' + body + ']}\n');
      return path;
    },
    async discard() {
      rows.length = 0;
    },
  };
}
