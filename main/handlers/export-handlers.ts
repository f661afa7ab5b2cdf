/** Export: options (presets, regions), count via mode=count, a background export job, saving the file. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  DATE_RANGE_PRESETS,
  exportCaseRequests,
  resolveDateRange,
  type CaseRequestFilters,
} from '../../core/index.ts';
import type { ExportStatus } from '../bridge/contract.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure, toBridgeError } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { ProgressHub } from '../session/progress-hub.ts';
import { MIME, type HostFiles } from './host-files.ts';

const PRESET_LABELS: Record<string, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'this-week': 'This week',
  'last-week': 'Last week',
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
};

const COLUMN_PRESETS = [
  {
    name: 'report',
    label: 'Report (readable columns)',
    description: 'Names instead of IDs, one column per field in use, for reading and sharing.',
  },
  {
    name: 'round-trip',
    label: 'Round trip (edit and import back)',
    description: 'Columns named as mapping targets, so the edited file can be imported back as updates.',
  },
];

interface ExportJob {
  status: ExportStatus;
  path: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  abort: AbortController;
}

export function exportHandlers(deps: {
  accounts: Accounts;
  hub: ProgressHub;
  host: HostFiles;
  tempDir: string;
  log: (error: unknown) => void;
  now?: () => Date;
}): Pick<BridgeHandlers, 'exportOptions' | 'countExport' | 'startExport' | 'exportStatus' | 'saveExport'> & {
  cancelAll(): void;
} {
  const jobs = new Map<string, ExportJob>();
  const now = deps.now ?? (() => new Date());
  const jobOf = (jobId: string) => {
    const job = jobs.get(jobId);
    if (!job) throw new BridgeFailure('not_found', 'That export is no longer available; export again.');
    return job;
  };

  return {
    async exportOptions({ id }) {
      const reference = await deps.accounts.reference(id);
      const today = now();
      return {
        columnPresets: COLUMN_PRESETS,
        datePresets: DATE_RANGE_PRESETS.map((name) => ({
          name,
          label: PRESET_LABELS[name] ?? name,
          ...resolveDateRange(name, today),
        })),
        regions: reference.case_regions.map((region) => ({ id: region.id, name: region.name })),
      };
    },

    async countExport({ profileId, filters }) {
      const { api } = await deps.accounts.open(profileId);
      const count = await api.countCaseRequests(filters as CaseRequestFilters, 100);
      return { recordCount: count.record_count, pageCount: count.page_count };
    },

    async startExport({ profileId, filters, columns, format }) {
      if (columns !== 'report' && columns !== 'round-trip') {
        throw new BridgeFailure('input', `Unknown column preset '${columns}'; choose Report or Round trip.`);
      }
      const { api, label } = await deps.accounts.open(profileId);
      const reference = await deps.accounts.reference(profileId);
      const jobId = randomUUID();
      const stamp = now().toISOString().slice(0, 10);
      const fileName = `case-requests-${stamp}.${format}`;
      const job: ExportJob = {
        status: { jobId, state: 'running', phase: 'counting', written: 0, total: null },
        path: join(deps.tempDir, `${jobId}.${format}`),
        fileName,
        format,
        abort: new AbortController(),
      };
      jobs.set(jobId, job);
      const publish = (patch: Partial<ExportStatus>) => {
        job.status = { ...job.status, ...patch };
        deps.hub.emit({ kind: 'export', status: job.status });
      };
      void exportCaseRequests({
        api,
        filters: filters as CaseRequestFilters,
        format,
        preset: columns,
        out: job.path,
        reference,
        accountLabel: label,
        signal: job.abort.signal,
        tempDir: deps.tempDir,
        onProgress: (progress) =>
          publish({
            phase: progress.phase,
            written: progress.done,
            total: progress.total,
          }),
      }).then(
        (result) => publish({ state: 'done', written: result.rows, total: result.rows }),
        (error: unknown) =>
          publish({
            state: job.abort.signal.aborted ? 'cancelled' : 'failed',
            error: toBridgeError(error, deps.log),
          }),
      );
      return job.status;
    },

    async exportStatus({ jobId }) {
      return jobOf(jobId).status;
    },

    async saveExport({ jobId }) {
      const job = jobOf(jobId);
      if (job.status.state !== 'done')
        throw new BridgeFailure('not_ready', 'The export has not finished yet.');
      return deps.host.deliver({ fileName: job.fileName, mimeType: MIME[job.format], path: job.path });
    },

    cancelAll() {
      for (const job of jobs.values()) job.abort.abort();
    },
  };
}
