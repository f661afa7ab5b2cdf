/**
 * The credential is scrubbed from any text in each form an echo can carry it (issue 17): the token, the
 * Basic-auth pair `user/token:TOKEN`, its base64 (padded, unpadded, URL-safe) and URL-encoded forms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, displayUrl } from '../../core/api/redact.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('createRedactor', () => {
  it('no form of the token survives, wherever it sits in the text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 6, maxLength: 40 }),
        fc.array(fc.string(), { minLength: 4, maxLength: 4 }),
        (user, token, around) => {
          const pair = `${user}/token:${token}`;
          const forms = [token, pair, b64(pair), b64(pair).replace(/=+$/, ''), encodeURIComponent(token)];
          const text =
            around.map((piece, i) => piece + forms[i % forms.length]).join(' ') + ` Basic ${b64(pair)}`;
          const scrubbed = createRedactor({ user, token })(text);
          for (const form of [token, pair, b64(pair)]) expect(scrubbed.includes(form)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves text without the token as it was', () => {
    const scrub = createRedactor({ user: 'importer', token: 'tok-S3CRET-4f9a7c21' });
    expect(scrub('GET case/requests: server error 500: <h1>oops</h1>')).toBe(
      'GET case/requests: server error 500: <h1>oops</h1>',
    );
  });
});

describe('displayUrl', () => {
  it('drops user info, hides query values, and never shows what is not a URL', () => {
    expect(displayUrl('https://u:secret@acme.viewcases.com/api/v1?token=abc&x=1')).toBe(
      'https://acme.viewcases.com/api/v1?token=%E2%80%A6&x=%E2%80%A6',
    );
    expect(displayUrl('tok-S3CRET')).not.toContain('tok-S3CRET');
  });
});
