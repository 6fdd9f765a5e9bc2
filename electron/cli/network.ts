/**
 * How the command line reaches upstreams from a company network, with Node's own features:
 * - the operating system's certificate store is trusted beside Node's bundled authorities, so a
 *   TLS-inspecting gateway whose authority IT installed on the computer is trusted too;
 * - HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured by Node's fetch when NODE_USE_ENV_PROXY is
 *   set at start-up, so a network command started without it is run again with it (see
 *   launch.ts). Loopback addresses never go through the proxy (the built-in sandbox, a test
 *   server on this computer): a proxy elsewhere cannot reach them.
 */
import type * as Tls from 'node:tls';
import type { FetchLike } from '../core/deps.ts';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
/** The first Node 22 whose fetch follows the proxy environment variables (NODE_USE_ENV_PROXY). */
const ENV_PROXY_SINCE = [22, 21] as const;

function atLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

export type ProxyPlan = { readonly kind: 'none' } | { readonly kind: 'relaunch'; readonly env: NodeJS.ProcessEnv } | { readonly kind: 'unsupported'; readonly message: string };

/**
 * What a network command needs before it starts: nothing (no proxy set, or Node already follows
 * it), a relaunch with this environment, or a message that this Node cannot use a proxy.
 */
export function planProxy(env: NodeJS.ProcessEnv, nodeVersion: string): ProxyPlan {
  if (!PROXY_VARIABLES.some((name) => env[name])) return { kind: 'none' };
  if (env.NODE_USE_ENV_PROXY === '1') return { kind: 'none' };
  if (!atLeast(nodeVersion, ENV_PROXY_SINCE)) {
    return { kind: 'unsupported', message: `a proxy is set (HTTPS_PROXY), but Node.js ${nodeVersion} cannot send concilia's requests through it; use Node.js ${ENV_PROXY_SINCE.join('.')} or newer.` };
  }
  const listed = (env.no_proxy ?? env.NO_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const noProxy = [...new Set([...listed, ...LOOPBACK])].join(',');
  return { kind: 'relaunch', env: { ...env, NODE_USE_ENV_PROXY: '1', NO_PROXY: noProxy, no_proxy: noProxy } };
}

let systemStoreTrusted: Promise<void> | null = null;

/** Adds the operating system's trusted authorities to Node's, once (Node 22.19+; older: Node's own only). */
async function trustSystemStore(): Promise<void> {
  // Loaded here, not at start-up: only commands that go online pay for TLS and the store.
  const tls = (await import('node:tls')) as typeof Tls & {
    getCACertificates?: (type: string) => string[];
    setDefaultCACertificates?: (certificates: string[]) => void;
  };
  if (typeof tls.getCACertificates !== 'function' || typeof tls.setDefaultCACertificates !== 'function') return;
  // 'default' already holds Node's bundle plus NODE_EXTRA_CA_CERTS.
  tls.setDefaultCACertificates([...new Set([...tls.getCACertificates('default'), ...tls.getCACertificates('system')])]);
}

/** The command line's fetch: Node's, trusting the system store from the first request on. */
export function cliFetch(): FetchLike {
  return async (input, init) => {
    await (systemStoreTrusted ??= trustSystemStore());
    return fetch(input, init);
  };
}
