import { describeConnectionTrouble } from './connection-trouble.ts';
import { UpstreamError } from './errors.ts';

/**
 * What went wrong below HTTP (no usable response), in words an accountant can act on. Every
 * failure of a request that is not an HTTP answer, a deadline or a cancel comes through this one
 * function: proxies and certificates (connection-trouble.ts), damaged compression, the network.
 *
 * "Check the internet connection" is said only when the network itself failed; a damaged
 * compressed body, a proxy or a refused certificate is not the internet's fault.
 */
export function describeNetworkFailure(error: unknown, request: { target: string; url: string }): UpstreamError {
  const code = errorCode(error);
  const target = request.target;
  if (code !== null && (/^Z_/.test(code) || code in COMPRESSION_REASONS)) {
    return new UpstreamError(
      'compression',
      `${capitalise(target)}'s reply was compressed but arrived damaged, so it could not be read (${COMPRESSION_REASONS[code] ?? code}). The request is retried; if it keeps happening, a proxy between us and ${target} may be altering replies.`,
      { cause: error },
    );
  }
  const host = hostOf(request.url);
  const trouble = describeConnectionTrouble(error, host);
  if (trouble) {
    return new UpstreamError(trouble.retryable ? 'network' : 'blocked', `Could not reach ${target} at ${host}: ${trouble.reason}. ${trouble.advice}`, { cause: error });
  }
  if (code !== null && code in NETWORK_REASONS) {
    return new UpstreamError('network', `Could not reach ${target} at ${host} (${NETWORK_REASONS[code] ?? code}). Check the internet connection and the connection's base URL.`, {
      cause: error,
    });
  }
  const what = code ?? innermostMessage(error);
  return new UpstreamError('network', `The request to ${target} at ${host} failed (${what}). Check the connection's base URL, then try again.`, { cause: error });
}

/** Failures of the network itself: here, and only here, the internet connection is worth checking. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut',
  ECONNABORTED: 'the connection was cut',
  EPIPE: 'the connection was cut',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  UND_ERR_SOCKET: 'the connection was cut',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_CLOSED: 'the connection was cut',
  // Chromium's names (the app fetches through Electron's net.fetch).
  ERR_INTERNET_DISCONNECTED: 'this computer is offline',
  ERR_NETWORK_CHANGED: 'the network changed during the request',
  ERR_NAME_NOT_RESOLVED: 'the host name is unknown',
  ERR_NAME_RESOLUTION_FAILED: 'the host name could not be looked up',
  ERR_CONNECTION_REFUSED: 'the connection was refused',
  ERR_CONNECTION_RESET: 'the connection was cut',
  ERR_CONNECTION_CLOSED: 'the connection was cut',
  ERR_CONNECTION_ABORTED: 'the connection was cut',
  ERR_CONNECTION_TIMED_OUT: 'the connection timed out',
  ERR_TIMED_OUT: 'the connection timed out',
  ERR_ADDRESS_UNREACHABLE: 'the host is unreachable',
  ERR_NETWORK_ACCESS_DENIED: 'this computer does not let Concilia use the network',
};

const COMPRESSION_REASONS: Record<string, string> = {
  Z_DATA_ERROR: 'the compressed data is invalid',
  Z_BUF_ERROR: 'the compressed data ends too early',
  ERR_CONTENT_DECODING_FAILED: 'the compressed data is invalid',
};

const CHROMIUM_ERROR = /\bnet::(ERR_[A-Z0-9_]+)/;

/** The first error code found on the error or its causes (Node and undici nest them; Chromium names it in the message). */
function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const chromium = CHROMIUM_ERROR.exec(current.message)?.[1];
    if (chromium !== undefined) return chromium;
    current = current.cause;
  }
  return null;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = 'unknown error';
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 120);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
