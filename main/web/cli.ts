/**
 * `npm run web [-- --port N] [-- --data-dir DIR]`: the app in a browser, for machines without the
 * Electron binary. Prints one line with the link to open (the per-launch secret is in it); Ctrl-C stops.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STATIC_DIR, startWebApp } from './web-app.ts';

const USAGE = `usage: npm run web -- [--port N] [--data-dir DIR] [--static-dir DIR]
  --port N          listen on 127.0.0.1:N (default: a free port)
  --data-dir DIR    keep profiles, templates, tokens (tokens.json, mode 0600), journals and the built-in
                    sandbox's account (sandbox-account.json) in DIR; default: memory only, this start
  --static-dir DIR  serve a renderer built elsewhere (default: dist/renderer)`;

async function main(): Promise<number> {
  let values: { port?: string; 'data-dir'?: string; 'static-dir'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'static-dir': { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `--port '${values.port}' is not a port number (0-65535; 0 picks a free one)\n${USAGE}\n`,
    );
    return 2;
  }
  const staticDir = values['static-dir'] ?? DEFAULT_STATIC_DIR;
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(
      `The renderer is not built (${staticDir} has no index.html): run npm run build first.\n`,
    );
    return 2;
  }
  const app = await startWebApp({
    port,
    staticDir,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  process.stdout.write(`Trackops Bulk is running: open ${app.openUrl}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Trackops Bulk could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
