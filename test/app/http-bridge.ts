/** Calls browser mode's HTTP bridge the way the renderer does, for tests. */
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
