/** Calls browser mode's HTTP bridge the way the renderer does, for tests. */
import { readFile } from 'node:fs/promises';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import type { RunningWebApp } from '../../main/web/web-app.ts';

export function secretOf(app: RunningWebApp): string {
  return new URL(app.openUrl).hash.replace('#secret=', '');
}

export async function post(
  app: RunningWebApp,
  verb: string,
  payload: unknown,
  headers: Record<string, string> = { 'X-Trackops-Secret': secretOf(app) },
): Promise<{
  status: number;
  text: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}> {
  const response = await fetch(`${app.origin}/bridge/${verb}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

/** A verb's answer, or an error carrying the bridge's message (for tests that expect success). */
export async function callVerb<T>(app: RunningWebApp, verb: string, payload: unknown): Promise<T> {
  const answer = await post(app, verb, payload);
  if (!answer.json.ok) throw new Error(`${verb}: ${answer.json.error?.message}`);
  return answer.json.value as T;
}

/** A file on disk opened in the app as the renderer sends it (its name and its bytes in base64). */
export async function openFile(app: RunningWebApp, path: string): Promise<SourceView> {
  return callVerb<SourceView>(app, 'openSource', {
    name: path.split('/').pop(),
    bytesBase64: (await readFile(path)).toString('base64'),
  });
}

/** A dry run's page once the run is done (polled as the renderer polls it). */
export async function finishedDryRun(
  app: RunningWebApp,
  runId: string,
  options: { limit?: number; onlyErrors?: boolean } = {},
): Promise<DryRunPage> {
  for (;;) {
    const page = await callVerb<DryRunPage>(app, 'dryRunPage', {
      runId,
      offset: 0,
      limit: options.limit ?? 10,
      onlyErrors: options.onlyErrors ?? false,
    });
    if (page.summary.state === 'done') return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A send's status once it has ended (done or failed). */
export async function finishedImport(app: RunningWebApp, runId: string): Promise<ImportStatus> {
  for (;;) {
    const status = await callVerb<ImportStatus>(app, 'importStatus', { runId });
    if (status.state === 'done' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
