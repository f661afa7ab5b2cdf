/**
 * The floor under the import engine's CPU figure: what Node alone spends to send the same creates at
 * the same pace, with nothing of ours in the way. Bare `node:http` with a keep-alive agent, the same
 * bodies (the valid rows of the same file, as validation made them), the same rate and concurrency,
 * each answer's JSON parsed, and the same durability as the engine's journal on Linux: a line appended
 * through a handle opened with O_DSYNC before each request leaves and another once it is answered
 * (docs/import.md). No reading, validation, planning, retries, error classes, progress or results.
 *
 *   node http-floor.mjs BODIES.json URL USER RATE CONCURRENCY JOURNAL   (token: TRACKOPS_TOKEN)
 *
 * Prints one JSON line: requests sent, wall seconds and the CPU seconds this process spent sending.
 */
import http from 'node:http';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

const [bodiesPath, baseUrl, user, rateText, concurrencyText, journalPath] = process.argv.slice(2);
if (!bodiesPath || !baseUrl || !user || !rateText || !concurrencyText || !journalPath) {
  throw new Error('usage: http-floor BODIES.json URL USER RATE CONCURRENCY JOURNAL');
}
const bodies = JSON.parse(await readFile(bodiesPath, 'utf8')) as unknown[];
const rate = Number(rateText);
const concurrency = Number(concurrencyText);
const target = new URL(`${baseUrl.replace(/\/+$/, '')}/case/requests`);
const authorization = `Basic ${Buffer.from(`${user}/token:${process.env.TRACKOPS_TOKEN ?? ''}`).toString('base64')}`;
const agent = new http.Agent({ keepAlive: true });
const journal = await open(
  journalPath,
  constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC,
);

function post(payload: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.request(target, {
      method: 'POST',
      agent,
      headers: {
        Authorization: authorization,
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (status < 200 || status > 299) return reject(new Error(`POST answered ${status}: ${text}`));
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`POST answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    request.end(payload);
  });
}

const cpuBefore = process.cpuUsage();
const started = performance.now();
const interval = 1000 / rate;
let next = 0;
// `concurrency` senders share one schedule: request i leaves no earlier than i / rate seconds in.
async function sender(): Promise<void> {
  for (;;) {
    const index = next++;
    if (index >= bodies.length) return;
    const wait = started + index * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await journal.write(`${JSON.stringify({ intent: index })}\n`);
    const answer = (await post(JSON.stringify({ casefile_request: bodies[index] }))) as { id?: unknown };
    await journal.write(`${JSON.stringify({ outcome: index, id: answer?.id ?? null })}\n`);
  }
}
await Promise.all(Array.from({ length: concurrency }, sender));
const wallSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await journal.close();
agent.destroy();
process.stdout.write(
  JSON.stringify({ requests: bodies.length, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }) + '\n',
);
