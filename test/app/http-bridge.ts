/** Calls browser mode's HTTP bridge the way the renderer does, for tests. */
import { readFile } from 'node:fs/promises';
import type { SourceView } from '../../main/bridge/contract.ts';
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
