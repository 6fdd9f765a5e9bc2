import { ConnectionError } from './errors.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Only https, so credentials never cross the network in clear; plain http is accepted for a
 * loopback address only (the sandbox on this machine). Returns the URL normalised (no trailing
 * slash). Credentials, queries and fragments in the URL are refused: they would end up stored.
 */
export function validateBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new ConnectionError(`"${shorten(url)}" is not a web address. Use the full address, such as https://tenant.example.com.`);
  }
  if (parsed.protocol === 'http:') {
    if (!isLoopbackHost(parsed.hostname)) {
      throw new ConnectionError(`The address ${parsed.host} must use https: plain http would send the credentials unprotected (http is allowed only for this computer, e.g. the sandbox).`);
    }
  } else if (parsed.protocol !== 'https:') {
    throw new ConnectionError(`The address must start with https:// (not ${parsed.protocol}//).`);
  }
  if (parsed.username || parsed.password) {
    throw new ConnectionError('The address must not contain a user name or password: credentials are entered separately and kept out of the cache.');
  }
  if (parsed.search || parsed.hash) {
    throw new ConnectionError('The address must not contain a query (?…) or fragment (#…): give only the base address.');
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
