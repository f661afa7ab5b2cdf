/** The dry run's grid, inline fixes and the validation report (CONTRACTS section 3) to download. */
import { join, parse } from 'node:path';
import { openValidationReport } from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { DryRuns } from '../session/dry-runs.ts';
import type { SourceRegistry } from '../session/sources.ts';
import { MIME, type HostFiles } from './host-files.ts';

export function dryRunHandlers(deps: {
  dryRuns: DryRuns;
  sources: SourceRegistry;
  host: HostFiles;
  tempDir: string;
}): Pick<BridgeHandlers, 'dryRunPage' | 'fixCell' | 'saveReport'> {
  const { dryRuns, sources, host, tempDir } = deps;
  return {
    async dryRunPage({ runId, offset, limit, onlyErrors }) {
      const run = dryRuns.get(runId);
      const page = dryRuns.page(runId, offset, limit, onlyErrors);
      return { summary: run.summary, total: page.total, offset, rows: page.rows };
    },

    async fixCell({ runId, row, column, value }) {
      return dryRuns.fix(runId, row, column, value);
    },

    async saveReport({ runId, format }) {
      const run = dryRuns.get(runId);
      if (run.summary.state === 'running') {
        throw new BridgeFailure(
          'busy',
          'The dry run is still checking rows; download the report when it has finished.',
        );
      }
      const path = join(tempDir, `${runId}-report.${format}`);
      const isWorkbook = /\.xls[xm]$/i.test(run.fileName);
      const writer = await openValidationReport(path, {
        file: run.fileName,
        sheet: run.sheet,
        mode: (run.mapping.mode as 'create' | 'update' | 'upsert' | undefined) ?? 'create',
        headers: run.headers,
        headerRow: run.headerRow,
        // An XLSX report of an XLSX file is a copy of the user's own workbook, offending cells marked.
        ...(format === 'xlsx' && isWorkbook ? { workbook: sources.byteSource(run.sourceId) } : {}),
        live: run.profileId !== undefined,
      });
      for (const outcome of run.outcomes) await writer.add(outcome);
      const { rows, valid, invalid, skippedBlank } = run.summary;
      await writer.close({ rows, valid, invalid, skippedBlank });
      return host.deliver({
        fileName: `${parse(run.fileName).name}-report.${format}`,
        mimeType: MIME[format],
        path,
      });
    },
  };
}
