/**
 * The credential is scrubbed from any text in each form an echo can carry it (issue 17): the token, the
 * Basic-auth pair `user/token:TOKEN`, its base64 (padded, unpadded, URL-safe), and each of these however
 * a server escaped it: JSON (PHP's "\/", \uXXXX in either case, doubled backslashes) or URL-encoded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, displayUrl } from '../../core/api/redact.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// Each run builds a redactor whose pattern spells every form of the token every way it can be escaped:
// heavy CPU, which four test files at once on two cores share. The properties run 150 times each (300
// before; fast-check's default is 100), under a timeout that a loaded machine cannot reach.
describe('createRedactor', { timeout: 120_000 }, () => {
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
      { numRuns: 150 },
    );
  });

  it('no form survives escaped the way JSON encoders and URLs escape it, characters mixed', () => {
    // Each character (ASCII here) as is, as \uXXXX or %XX (hex in either case), or "\/" for "/".
    const escapeWith = (text: string, choices: number[]) =>
      [...text]
        .map((character, i) => {
          const code = character.charCodeAt(0);
          switch (choices[i % choices.length]) {
            case 1:
              return `\\u${code.toString(16).padStart(4, '0')}`;
            case 2:
              return `\\u${code.toString(16).padStart(4, '0').toUpperCase()}`;
            case 3:
              return character === '/' ? '\\/' : character;
            case 4:
              return `%${code.toString(16).padStart(2, '0')}`;
            case 5:
              return `%${code.toString(16).padStart(2, '0').toUpperCase()}`;
            default:
              return character;
          }
        })
        .join('');
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
        fc.string({
          unit: fc.constantFrom(...'abcXYZ0189/+=-_.~!:@ '.split('')),
          minLength: 6,
          maxLength: 30,
        }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }),
        (user, token, choices) => {
          const pair = `${user}/token:${token}`;
          for (const form of [token, pair, b64(pair), b64(pair).replace(/=+$/, '')]) {
            const echoed = escapeWith(form, choices);
            const scrubbed = createRedactor({ user, token })(`{"message":"sent by ${echoed} here"}`);
            expect(scrubbed).toBe('{"message":"sent by [redacted] here"}');
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds a token with "/" in a json_encode\'d body, and in JSON kept as a string inside it', () => {
    const token = 'Zx9/Qa7+Lm2/Tk4w';
    const scrub = createRedactor({ user: 'demo', token });
    const php = (value: unknown) => JSON.stringify(value).replace(/\//g, '\\/');
    const body = php({
      message: `Internal error while authenticating demo/token:${token}`,
      debug: { Authorization: `Basic ${b64(`demo/token:${token}`)}`, raw: php({ token }) },
    });
    const parsed = JSON.parse(scrub(body));
    expect(JSON.stringify(parsed)).not.toContain(token);
    expect(parsed.message).toBe('Internal error while authenticating [redacted]');
    expect(JSON.parse(parsed.debug.raw)).toEqual({ token: '[redacted]' });
  });

  it('finds the token given with white space around it in the forms a trimming server quotes (explore 51)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
        fc.stringMatching(/^[A-Za-z0-9/+=_-]{6,30}$/),
        fc.constantFrom('\r', '\n', ' ', '\r\n', '\t '),
        fc.constantFrom('', ' '),
        (user, token, after, before) => {
          const scrub = createRedactor({ user: `${user}${before}`, token: `${before}${token}${after}` });
          const html = (text: string) => text.replace(/[/=+:_-]/g, (c) => `&#${c.charCodeAt(0)};`);
          for (const pair of [`${user}/token:${token}`, `${user}:${token}`])
            for (const form of [
              token,
              pair,
              b64(pair),
              encodeURIComponent(pair),
              html(pair),
              html(b64(pair)),
            ])
              // The form as given (its white space too) may be what matched: a space less either side is fine.
              expect(scrub(`quoted ${form} back`), form).toMatch(/^quoted ?\[redacted\] ?back$/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds the token however an HTML page escaped its characters', () => {
    const token = 'Zx9/Qa7+Lm2=Tk4w';
    const scrub = createRedactor({ user: 'demo', token });
    for (const page of [
      'Zx9&#x2F;Qa7&#x2B;Lm2&#x3D;Tk4w',
      'Zx9&#47;Qa7&#043;Lm2&#61;Tk4w',
      'Zx9&sol;Qa7&plus;Lm2&equals;Tk4w',
      `Basic ${b64(`demo/token:${token}`).replace(/[/+=]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`)}`,
    ])
      expect(scrub(`<p>${page}</p>`), page).toMatch(/^<p>(Basic )?\[redacted\]<\/p>$/);
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
      'https://acme.viewcases.com/api/v1?token=…&x=…',
    );
    expect(displayUrl('tok-S3CRET')).not.toContain('tok-S3CRET');
  });
});
