/**
 * The credentials this process was given, so that text the CLI keeps outside core's scrubbed errors
 * (the log of an unexpected error) is scrubbed of them too (issue 17). Registered where the connection
 * flags are read; never printed.
 */
import { createRedactor, type Redactor, type Secrets } from '../core/api/redact.ts';

const known: Secrets[] = [];
let redactor: Redactor = (text) => text;

export function rememberSecret(secret: Secrets): void {
  if (!secret.token) return;
  known.push(secret);
  redactor = createRedactor(known);
}

/** `text` with every form of every registered token (and the environment's) replaced. */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = {}): string {
  const fromEnv = env.TRACKOPS_TOKEN
    ? createRedactor({ user: env.TRACKOPS_USER ?? '', token: env.TRACKOPS_TOKEN })
    : (value: string) => value;
  return fromEnv(redactor(text));
}
