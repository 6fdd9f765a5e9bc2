/**
 * Proxy and certificate failures, in words. Lenders and logistics companies sit behind proxies
 * and TLS-inspecting gateways; when one of those stops a request, "check the internet
 * connection" sends the accountant the wrong way. This names what stopped it and who can fix it.
 *
 * Reads the two shapes a failed fetch arrives in: Node's (undici's TypeError "fetch failed" with
 * an OpenSSL code or a tunnelling error in its causes) and Chromium's (Electron's net.fetch
 * rejects with "net::ERR_…").
 */

export type CertificateProblem = 'untrusted' | 'expired' | 'wrong_host' | 'revoked' | 'invalid';

export type ConnectionTrouble =
  | { readonly kind: 'proxy_refused'; readonly status?: number }
  | { readonly kind: 'proxy_unreachable' }
  | { readonly kind: 'certificate'; readonly problem: CertificateProblem };

export interface TroubleWords {
  /** What happened, to follow "Could not reach the portal at host: ". */
  readonly reason: string;
  /** What to do about it, one sentence. */
  readonly advice: string;
  /** A certificate or a proxy refusal will not change by trying again in a few seconds. */
  readonly retryable: boolean;
}

// OpenSSL's verification codes as Node reports them (error.code).
const NODE_CERTIFICATE_CODES: Readonly<Record<string, CertificateProblem>> = {
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  INVALID_CA: 'untrusted',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong_host',
  HOSTNAME_MISMATCH: 'wrong_host',
  CERT_REVOKED: 'revoked',
  CERT_SIGNATURE_FAILURE: 'invalid',
  CERT_CHAIN_TOO_LONG: 'invalid',
  INVALID_PURPOSE: 'invalid',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'invalid',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'invalid',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'invalid',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'invalid',
};

// Chromium's net error names (Electron's net.fetch).
const CHROMIUM_ERRORS: Readonly<Record<string, ConnectionTrouble>> = {
  ERR_CERT_AUTHORITY_INVALID: { kind: 'certificate', problem: 'untrusted' },
  ERR_CERT_DATE_INVALID: { kind: 'certificate', problem: 'expired' },
  ERR_CERT_COMMON_NAME_INVALID: { kind: 'certificate', problem: 'wrong_host' },
  ERR_CERT_REVOKED: { kind: 'certificate', problem: 'revoked' },
  ERR_CERT_INVALID: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_CONTAINS_ERRORS: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_WEAK_SIGNATURE_ALGORITHM: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_WEAK_KEY: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_NAME_CONSTRAINT_VIOLATION: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_VALIDITY_TOO_LONG: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_UNABLE_TO_CHECK_REVOCATION: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_NO_REVOCATION_MECHANISM: { kind: 'certificate', problem: 'invalid' },
  ERR_CERT_KNOWN_INTERCEPTION_BLOCKED: { kind: 'certificate', problem: 'untrusted' },
  ERR_TUNNEL_CONNECTION_FAILED: { kind: 'proxy_refused' },
  ERR_PROXY_AUTH_REQUESTED: { kind: 'proxy_refused', status: 407 },
  ERR_PROXY_AUTH_UNSUPPORTED: { kind: 'proxy_refused', status: 407 },
  ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION: { kind: 'proxy_refused', status: 407 },
  ERR_PROXY_CONNECTION_FAILED: { kind: 'proxy_unreachable' },
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: { kind: 'proxy_unreachable' },
  ERR_PROXY_CERTIFICATE_INVALID: { kind: 'certificate', problem: 'untrusted' },
};

// undici (Node's fetch) when the proxy answers CONNECT with anything but 200.
const UNDICI_TUNNEL_REFUSED = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;
const CHROMIUM_ERROR = /\bnet::(ERR_[A-Z0-9_]+)/;

function fromOne(error: Error): ConnectionTrouble | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code in NODE_CERTIFICATE_CODES) return { kind: 'certificate', problem: NODE_CERTIFICATE_CODES[code]! };
  const tunnel = UNDICI_TUNNEL_REFUSED.exec(error.message);
  if (tunnel) return { kind: 'proxy_refused', status: Number(tunnel[1]) };
  const chromium = CHROMIUM_ERROR.exec(error.message)?.[1];
  return chromium !== undefined ? (CHROMIUM_ERRORS[chromium] ?? null) : null;
}

/** The proxy or certificate trouble behind a failed fetch, or null when it was something else. */
export function classifyConnectionTrouble(error: unknown): ConnectionTrouble | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const found = fromOne(current);
    if (found) return found;
    current = current.cause;
  }
  return null;
}

const CERTIFICATE_WORDS: Readonly<Record<CertificateProblem, { reason: string; advice: string }>> = {
  untrusted: {
    reason: 'the certificate was issued by an authority this computer does not trust',
    advice:
      "If your company inspects secure traffic, ask your IT administrator to add its certificate authority to this computer's certificate store; otherwise this address may not be the real service, so check the connection's base URL.",
  },
  expired: {
    reason: 'its certificate has expired or is not valid yet',
    advice: "Check this computer's date and time; if they are right, tell the provider that its certificate needs renewing.",
  },
  wrong_host: {
    reason: 'its certificate was issued for a different address',
    advice: "Check the connection's base URL; if it is right, tell the provider (or your IT administrator, if a gateway answers in its place).",
  },
  revoked: {
    reason: 'its certificate has been revoked by the authority that issued it',
    advice: 'Do not send credentials there; tell the provider and your IT administrator.',
  },
  invalid: {
    reason: 'its certificate could not be verified',
    advice: 'Ask your IT administrator to look at the secure connection to this address.',
  },
};

function proxyRefusal(status: number | undefined): string {
  if (status === 407) return "your company's proxy refused the connection because it asks for a proxy sign-in (407) that Concilia does not have";
  if (status === 403) return "your company's proxy refused the connection: it does not allow this address (403)";
  return `your company's proxy refused the connection${status === undefined ? '' : ` (HTTP ${status})`}`;
}

/** The words for the trouble behind a failed fetch, or null when it was not a proxy or certificate matter. */
export function describeConnectionTrouble(error: unknown, host: string): TroubleWords | null {
  const trouble = classifyConnectionTrouble(error);
  if (trouble === null) return null;
  switch (trouble.kind) {
    case 'certificate':
      return { ...CERTIFICATE_WORDS[trouble.problem], retryable: false };
    case 'proxy_refused':
      return { reason: proxyRefusal(trouble.status), advice: `Ask your IT administrator to allow ${host} through the proxy.`, retryable: false };
    case 'proxy_unreachable':
      return {
        reason: 'the proxy server set on this computer could not be reached',
        advice: 'Check the proxy settings (the system settings; HTTPS_PROXY for the command line) or ask your IT administrator.',
        retryable: true,
      };
  }
}
