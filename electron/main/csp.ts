/**
 * The Content-Security-Policy of the renderer: our own scripts and styles only, no inline
 * script, no remote origin, no plugins, no framing. Sent as a response header by the app
 * protocol (and by the browser harness); renderer/index.html carries the same policy in a meta tag.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of the development server only (`npm run dev`; scripts/vite-dev-csp.ts puts it in
 * the served page). Vite and the React plugin need what a build never does: an inline preamble
 * script for fast refresh and <style> elements injected at run time. They are allowed by a nonce
 * Vite stamps on its own tags, not by 'unsafe-inline'; nothing else is relaxed (the hot-reload
 * WebSocket goes back to the page's own host and port, which 'self' already allows).
 * Builds keep CONTENT_SECURITY_POLICY.
 */
export function devContentSecurityPolicy(nonce: string): string {
  if (!/^[A-Za-z0-9+/]{22,}={0,2}$/.test(nonce)) throw new Error('A CSP nonce is at least 128 random bits in base64.');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`).replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);
}

/** Headers every renderer response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
