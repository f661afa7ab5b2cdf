/**
 * Connection flags shared by every command that talks to the API (CONTRACTS section 1): --url, --user,
 * --token or TRACKOPS_URL/USER/TOKEN, or --sandbox for an embedded sandbox in this process.
 * Plain http:// is refused except to loopback. The token is held here and handed to core only.
 */
import type { ConnectionSettings } from '../core/index.ts';
import { UsageError } from './usage-error.ts';

export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  user: { type: 'string' },
  token: { type: 'string' },
  sandbox: { type: 'boolean' },
  'require-client-address': { type: 'boolean' },
  'require-client-phone': { type: 'boolean' },
} as const;

export const CONNECTION_USAGE = `Connection (any command that talks to Trackops):
  --url URL        the account's API base, e.g. https://acme.viewcases.com/api/v1   (env TRACKOPS_URL)
  --user NAME      the Trackops user name (the tool sends NAME/token)                (env TRACKOPS_USER)
  --token TOKEN    the company's API token; prefer the environment variable          (env TRACKOPS_TOKEN)
  --sandbox        start the built-in sandbox account in this process and use it
  --require-client-address, --require-client-phone
                   the account's "Require Client Address/Phone" settings (the API cannot read them)`;

export interface ConnectionFlags {
  url?: string;
  user?: string;
  token?: string;
  sandbox?: boolean;
  'require-client-address'?: boolean;
  'require-client-phone'?: boolean;
}

export interface OpenConnection {
  settings: ConnectionSettings;
  /** Where we are connected, safe to print (no token). */
  label: string;
  isSandbox: boolean;
  close(): Promise<void>;
}

/** Returns null when no connection was asked for (commands that can work offline decide what that means). */
export async function openConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
): Promise<OpenConnection | null> {
  const settingsFlags = {
    ...(flags['require-client-address'] ? { require_client_address: true } : {}),
    ...(flags['require-client-phone'] ? { require_client_phone: true } : {}),
  };
  if (flags.sandbox) {
    const { startSandbox } = await import('../sandbox/index.ts');
    const sandbox = await startSandbox({ port: 0 });
    return {
      settings: {
        baseUrl: sandbox.baseUrl,
        user: sandbox.username,
        token: sandbox.token,
        settings: { ...sandbox.settings, ...settingsFlags },
      },
      label: `built-in sandbox at ${sandbox.baseUrl}`,
      isSandbox: true,
      close: () => sandbox.close(),
    };
  }
  const url = flags.url ?? env.TRACKOPS_URL;
  const user = flags.user ?? env.TRACKOPS_USER;
  const token = flags.token ?? env.TRACKOPS_TOKEN;
  if (!url && !user && !token) return null;
  // A token (or user) left in the environment for other work, and no URL anywhere: there is no account to
  // reach, so a command that can work offline does (issue 17); one that cannot says what it needs.
  if (!url && flags.user === undefined && flags.token === undefined) return null;
  if (!url)
    throw new UsageError(
      '--url (or TRACKOPS_URL) is needed to connect, e.g. https://acme.viewcases.com/api/v1',
    );
  if (!user) throw new UsageError('--user (or TRACKOPS_USER) is needed to connect: the Trackops user name');
  if (!token) throw new UsageError('--token (or TRACKOPS_TOKEN) is needed to connect: the company API token');
  const baseUrl = checkBaseUrl(url);
  return {
    settings: { baseUrl, user, token, settings: settingsFlags },
    label: `${baseUrl} as ${user}`,
    isSandbox: false,
    close: async () => {},
  };
}

/** For commands that cannot work offline: no connection asked for is a usage error naming the flags. */
export async function openRequiredConnection(
  command: string,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  why = '',
): Promise<OpenConnection> {
  const connection = await openConnection(flags, env);
  if (connection) return connection;
  throw new UsageError(
    `${command}: needs a connection: --url, --user and --token (or TRACKOPS_URL/USER/TOKEN), or --sandbox${why}`,
  );
}

/** HTTPS only, except to loopback addresses (a local sandbox). */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url '${raw}' is not a URL; expected e.g. https://acme.viewcases.com/api/v1`);
  }
  const loopback =
    ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol === 'http:' && !loopback) {
    throw new UsageError(`--url '${raw}' uses plain http://; Trackops is reached over https:// only`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url '${raw}' must start with https://`);
  }
  return url.toString().replace(/\/+$/, '');
}
