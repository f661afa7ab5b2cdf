/** Reading request bodies and writing JSON answers for the sandbox's node:http server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of JSON (a dialect's HTML error page); with `contentType`. */
  text?: string;
  contentType?: string;
}

export type BodyRead = { ok: true; text: string } | { ok: false; answer: JsonAnswer };

export async function readBody(request: IncomingMessage): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is still read to its end (and dropped) so the keep-alive connection stays usable.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) {
    return {
      ok: false,
      answer: { status: 413, body: { message: `Request body over ${MAX_BODY_BYTES} bytes.` } },
    };
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/** JSON.parse keeps the later of a duplicated key, as the seed's own example body needs (`created_on` twice). */
export function parseJsonBody(
  text: string,
): { ok: true; value: unknown } | { ok: false; answer: JsonAnswer } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      answer: { status: 400, body: { message: `Malformed JSON body: ${(error as Error).message}` } },
    };
  }
}

export function sendJson(response: ServerResponse, answer: JsonAnswer): void {
  if (answer.status === 204) {
    response.writeHead(204, { ...answer.headers });
    response.end();
    return;
  }
  const text = answer.text ?? JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...answer.headers,
  });
  response.end(text);
}
