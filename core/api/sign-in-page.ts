/**
 * Whether a web page answered in place of the API is a sign-in page (a gateway's login form once its
 * session expired) rather than another page (a maintenance notice, a gateway's error page): the first
 * is fixed by signing in again, the others are not, and telling a clerk to sign in because Trackops is
 * down for maintenance sends them the wrong way (explore 29 item 8).
 *
 * The page's own title or first heading says what it is when it has one: only a title or heading of
 * signing in counts, so a maintenance page's footer link "Customer login" does not make it a login
 * page. Beyond that, what only a sign-in page holds: a password field, a form posted to a sign-in
 * address, or a redirect (meta refresh, script) to one.
 */
const SIGN_IN_WORDS =
  /\b(sign[\s-]?in|log[\s-]?in|login|log[\s-]?on|sso|single sign[\s-]?on|authenticat\w*|session (has )?expired)\b/i;
/** An address of signing in: `/login`, `/signin`, `sso.acme.example`, `/saml/`, `/oauth2/authorize`. */
const SIGN_IN_ADDRESS =
  /(log[-_]?in|sign[-_]?in|log[-_]?on|\bsso\b|saml|oauth|openid|\bauth\b|\bidp\b|adfs)/i;

export function isSignInPage(html: string): boolean {
  const title = innerText(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]);
  const heading = innerText(/<h[12][^>]*>([\s\S]*?)<\/h[12]>/i.exec(html)?.[1]);
  if (SIGN_IN_WORDS.test(title) || SIGN_IN_WORDS.test(heading)) return true;
  if (/<input\b[^>]*\btype\s*=\s*["']?password\b/i.test(html)) return true;
  const formActions = [...html.matchAll(/<form\b[^>]*\baction\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  if (formActions.some((action) => SIGN_IN_ADDRESS.test(action))) return true;
  const refresh = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/i.exec(html)?.[0] ?? '';
  const refreshTo = /url\s*=\s*([^"'>;\s]+)/i.exec(refresh)?.[1] ?? '';
  if (SIGN_IN_ADDRESS.test(refreshTo)) return true;
  const scripted = [
    ...html.matchAll(
      /location(?:\.href)?\s*=\s*["']([^"']+)["']|location\.(?:replace|assign)\(\s*["']([^"']+)["']/gi,
    ),
  ].map((m) => m[1] ?? m[2] ?? '');
  if (scripted.some((address) => SIGN_IN_ADDRESS.test(address))) return true;
  // No title and no heading: the page's words are all there is to go by.
  if (title === '' && heading === '') return SIGN_IN_WORDS.test(innerText(html));
  return false;
}

function innerText(html: string | undefined): string {
  return (html ?? '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
