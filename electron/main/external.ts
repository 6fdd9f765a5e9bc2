/**
 * Which pages Concilia may open in the user's browser. Everything else a page tries to open is
 * dropped: a link in upstream data (a provider name) must not become a way out. Exact prefixes of
 * the normalised address (scheme, host and the start of the path), never whole sites that other
 * people can publish on.
 */
export const ALLOWED_EXTERNAL_PREFIXES: readonly string[] = ['https://concilia.app/', 'https://www.concilia.app/', 'https://docs.concilia.app/'];

/** Where a Linux user is sent to install an update by hand (see update-feed.ts). */
export const RELEASES_PAGE_URL = 'https://concilia.app/download/';

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  // href is the parsed form: host lower-cased, dot segments and %2e%2e resolved, backslashes turned.
  return ALLOWED_EXTERNAL_PREFIXES.some((prefix) => parsed.href.startsWith(prefix));
}

/** Open the URL through `open` (shell.openExternal) only when allow-listed; false otherwise. */
export async function openExternalIfAllowed(url: string, open: (url: string) => Promise<void>): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await open(url);
  return true;
}
