/**
 * A Vite plugin for the development server only (`apply: 'serve'`): it gives the served page a
 * Content-Security-Policy that lets Vite's and the React plugin's own inline code run — by a
 * nonce chosen at each start of the dev server and stamped by Vite on every tag it writes
 * (`html.cspNonce`) — and otherwise keeps the app's strict policy. `vite build` never runs this
 * plugin, so every built renderer keeps renderer/index.html's strict policy.
 */
import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';
import { devContentSecurityPolicy } from '../electron/main/csp.ts';

const META_CSP = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i;

export function devServerCsp(): Plugin {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'concilia:dev-server-csp',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!META_CSP.test(html)) throw new Error('renderer/index.html must carry its Content-Security-Policy in a meta tag.');
        return html.replace(META_CSP, `$1${devContentSecurityPolicy(nonce)}$2`);
      },
    },
  };
}
