/**
 * Minimal HS256 JWTs for the sandboxed portal: real-looking tokens (header.payload.signature, base64url)
 * signed with the sandbox's secret, with an `exp` that the portal enforces.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PortalTokenClaims {
  iss: string;
  sub: string;
  tenant: string;
  permissions: string[];
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(claims: PortalTokenClaims, secret: Buffer): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export type JwtCheck =
  | { ok: true; claims: PortalTokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

function isClaims(value: unknown): value is PortalTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['sub'] === 'string' &&
    typeof v['tenant'] === 'string' &&
    Array.isArray(v['permissions']) &&
    v['permissions'].every((p) => typeof p === 'string') &&
    typeof v['exp'] === 'number'
  );
}

/** Verifies signature, algorithm and expiry (`exp` must be after `nowSeconds`). */
export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  let headerJson: unknown;
  let claims: unknown;
  try {
    headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof headerJson !== 'object' || headerJson === null || (headerJson as Record<string, unknown>)['alg'] !== 'HS256') {
    return { ok: false, reason: 'malformed' };
  }
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
