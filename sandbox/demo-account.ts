/** The demo account in samples/ (CONTRACTS section 4: without --data the sandbox starts from it, in memory). */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseAccountFile, type AccountFile } from './account-schema.ts';

export const DEMO_ACCOUNT_PATH = fileURLToPath(new URL('../samples/demo-account.json', import.meta.url));

export async function loadDemoAccount(): Promise<AccountFile> {
  return parseAccountFile(JSON.parse(await readFile(DEMO_ACCOUNT_PATH, 'utf8')), DEMO_ACCOUNT_PATH);
}
