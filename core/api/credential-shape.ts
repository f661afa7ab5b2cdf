/**
 * What looks wrong in the credentials as given, said without showing the token (explore 51). A token
 * pasted from an e-mail or read from a .env file saved on Windows carries a space or a "\r" at its end;
 * one copied across a wrapped line carries a line break inside; an admin who read that the Basic-auth
 * user is `{username}/token` (API-NOTES Known) types the user so, and the tool adds "/token" again. The
 * account answers all of these with the same 401, and "check the user and the token" sends the clerk to
 * re-check a token that is right: these words name the likely cause instead.
 */

/** "a line break (\r, as a file saved on Windows ends its lines)": the white space around `text`, or null. */
export function edgeSpaceWords(text: string): string | null {
  const leading = /^\s+/.exec(text)?.[0] ?? '';
  const trailing = /\s+$/.exec(text)?.[0] ?? '';
  if (leading === '' && trailing === '') return null;
  const where =
    leading && trailing
      ? `began with ${spaceWords(leading)} and ended with ${spaceWords(trailing)}`
      : leading
        ? `began with ${spaceWords(leading)}`
        : `ended with ${spaceWords(trailing)}`;
  return where;
}

/**
 * The likely causes of a refusal that lie in the credentials themselves, each one sentence; empty when
 * nothing about them looks wrong. The user name is shown (it is printed with every connection); the
 * token never is.
 */
export function credentialDoubts(user: string, token: string): string[] {
  const doubts: string[] = [];
  const name = user.trim();
  if (/\/token$/i.test(name))
    doubts.push(
      `The user name given ends with /token, and the tool adds /token itself (it sent ${name}/token): give the user name alone, ${name.replace(/\/token$/i, '')}.`,
    );
  else if (/\s/.test(name))
    doubts.push(`The user name given, '${name}', holds ${spaceWords(/\s+/.exec(name)![0])} inside it.`);
  const edges = edgeSpaceWords(token);
  if (edges) doubts.push(`The token given ${edges} (the token is not shown).`);
  const inner = /\s+/.exec(token.trim())?.[0];
  if (inner)
    doubts.push(
      `The token given holds ${spaceWords(inner)} inside it: it may have been copied across a wrapped line or with words around it (the token is not shown).`,
    );
  if (/^["'‘’“”`]|["'‘’“”`]$/.test(token.trim()))
    doubts.push('The token given begins or ends with a quote mark: give the token without quotes.');
  else if (/[^\x21-\x7e]/.test(token.trim().replace(/\s/g, '')))
    doubts.push(
      'The token given holds a character that is not a plain letter, digit or sign (a paste from a document may have changed one): copy it again from Trackops (Settings › API).',
    );
  return doubts;
}

function spaceWords(space: string): string {
  if (/\r/.test(space) && !/\n/.test(space))
    return 'a carriage return (\\r, as a file saved on Windows ends its lines)';
  if (/[\r\n]/.test(space)) return 'a line break';
  if (/\t/.test(space)) return 'a tab';
  return space.length === 1 ? 'a space' : 'spaces';
}
