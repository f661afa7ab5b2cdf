/**
 * Where the account's API address was given: the command line's --url, or TRACKOPS_URL left in the
 * environment. Advice given once something has answered at that address (a login page, a redirect, a
 * certificate made for another name) names where a person would correct it: one told to "check --url"
 * looks for a --url in a command that has none (as explore 51 item 8 found for a refused address).
 * Core reads no environment (STYLE): the host says where the address came from. The app's words swap
 * --url for its Connection screen (main/bridge/failure.ts), so it gives none.
 */
export type AddressSource = '--url' | 'TRACKOPS_URL';

/** "check --url", or TRACKOPS_URL named with where it is set and what takes its place. */
export function checkAddressWords(source: AddressSource = '--url', capital = false): string {
  const check = capital ? 'Check' : 'check';
  return source === 'TRACKOPS_URL'
    ? `${check} TRACKOPS_URL (set in the environment; a --url given takes its place)`
    : `${check} --url`;
}

/** How to give the address a redirect pointed at as the API's new one. */
export function giveAddressWords(source: AddressSource = '--url'): string {
  return source === 'TRACKOPS_URL'
    ? 'set TRACKOPS_URL in the environment to it (its address up to /api/v1), or give it as --url, which takes its place'
    : 'give it as --url (its address up to /api/v1)';
}
