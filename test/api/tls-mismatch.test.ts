/**
 * The words for https:// to a port answering without TLS, for an address off this computer: plain
 * http:// is refused there (the token would travel unencrypted: base-url.ts), so it is not offered;
 * the port is named as the likely fault. (A loopback address, offered http://, is covered spawned in
 * test/cli/scheme-mismatch.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { schemeMismatch } from '../../core/api/tls-mismatch.ts';
import { createRedactor } from '../../core/api/redact.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { checkApiBaseUrl } from '../../core/api/base-url.ts';

describe('https:// answered without TLS by an address off this computer', () => {
  it('names the port, never offers http:// (which the address check refuses there)', () => {
    const baseUrl = 'https://trackops.acme.example:8080/api/v1';
    const error = schemeMismatch(
      baseUrl,
      { method: 'GET', path: 'case/types' },
      createRedactor({ user: 'jo', token: 'tok-1' }),
      CLI_CONNECTION_WORDS,
    );
    expect(error.code).toBe('api_scheme_mismatch');
    expect(error.message).toContain(
      'the server at trackops.acme.example:8080 answered without TLS (encryption)',
    );
    expect(error.message).toContain('the port is most likely the wrong one (HTTPS is usually port 443;');
    expect(error.message).not.toContain('http://trackops');
    // What it would otherwise have offered is indeed refused.
    expect(checkApiBaseUrl('http://trackops.acme.example:8080/api/v1').ok).toBe(false);
  });
});
