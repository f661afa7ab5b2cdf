/**
 * Where API tokens live, apart from the profiles the renderer may see. The desktop app encrypts each
 * token with Electron's `safeStorage` (OS keychain / DPAPI / libsecret) before it touches disk; browser
 * mode keeps tokens in memory, or with `--data-dir` in a file only the user can read (mode 0600, like
 * ~/.netrc), as the README says. Tokens leave this module only towards core's API client.
 */
import { chmod } from 'node:fs/promises';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';

export interface TokenVault {
  get(profileId: string): Promise<string | null>;
  set(profileId: string, token: string): Promise<void>;
  delete(profileId: string): Promise<void>;
  /** Shown in the Connection screen so the user knows how their token is kept. */
  readonly description: string;
}

export class MemoryTokenVault implements TokenVault {
  readonly description = 'Tokens are kept in memory for this session only.';
  readonly #tokens = new Map<string, string>();
  async get(profileId: string) {
    return this.#tokens.get(profileId) ?? null;
  }
  async set(profileId: string, token: string) {
    this.#tokens.set(profileId, token);
  }
  async delete(profileId: string) {
    this.#tokens.delete(profileId);
  }
}

/** Turns a token into stored text and back: safeStorage in Electron, plain text (0600 file) in browser mode. */
export interface TokenCipher {
  encrypt(token: string): string;
  decrypt(stored: string): string;
}

export const plainTextCipher: TokenCipher = { encrypt: (token) => token, decrypt: (stored) => stored };

export class FileTokenVault implements TokenVault {
  readonly #path: string;
  readonly #cipher: TokenCipher;
  readonly description: string;

  constructor(path: string, cipher: TokenCipher, description: string) {
    this.#path = path;
    this.#cipher = cipher;
    this.description = description;
  }

  async get(profileId: string) {
    const stored = (await this.#read())[profileId];
    return stored === undefined ? null : this.#cipher.decrypt(stored);
  }

  async set(profileId: string, token: string) {
    const all = await this.#read();
    all[profileId] = this.#cipher.encrypt(token);
    await this.#write(all);
  }

  async delete(profileId: string) {
    const all = await this.#read();
    delete all[profileId];
    await this.#write(all);
  }

  async #read(): Promise<Record<string, string>> {
    const json = await readJsonFile(this.#path);
    if (json === null) return {};
    if (typeof json !== 'object' || Array.isArray(json)) return {};
    return Object.fromEntries(
      Object.entries(json as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }

  async #write(all: Record<string, string>) {
    await writeFileAtomic(this.#path, JSON.stringify(all), 0o600);
    await chmod(this.#path, 0o600);
  }
}
