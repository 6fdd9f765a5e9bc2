/**
 * Which pages Concilia may open in the user's browser. Everything else a page tries to open is
 * dropped: a link in upstream data (a provider name) must not become a way out.
 */
export const ALLOWED_EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['concilia.app', 'www.concilia.app', 'docs.concilia.app', 'github.com']);

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && ALLOWED_EXTERNAL_HOSTS.has(parsed.hostname);
}

/** Open the URL through `open` (shell.openExternal) only when allow-listed; false otherwise. */
export async function openExternalIfAllowed(url: string, open: (url: string) => Promise<void>): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await open(url);
  return true;
}
