import { describe, expect, it } from 'vitest';
import type { RawHttpResponse } from '../../../electron/core/http/request.ts';
import { mapPaygError } from '../../../electron/core/upstream/payg/errors.ts';
import { mapPortalError } from '../../../electron/core/upstream/portal/errors.ts';

const SECRET = 'sbx_topsecretkey123';
const ctx = { secrets: [SECRET, 'jwt.token.value'], nowMs: Date.parse('2026-01-01T00:00:00Z') };
const facts = { rangeDays: 31, providerCount: 0 };

function response(status: number, body: string, headers: Record<string, string> = {}): RawHttpResponse {
  return { status, headers: new Headers(headers), bodyText: body, fetchedAt: 0 };
}
const portalBody = (code: string, message: string): string => JSON.stringify({ success: false, error: { code, message } });

describe('portal error mapping (every documented code)', () => {
  it('400 BAD_REQUEST: says what is missing', () => {
    const e = mapPortalError(response(400, portalBody('BAD_REQUEST', 'Missing required header(s): tenant')), facts, ctx);
    expect(e.kind).toBe('bad_request');
    expect(e.message).toMatch(/400 BAD_REQUEST/);
    expect(e.message).toMatch(/tenant/);
  });

  it('400 VALIDATION_ERROR: names the limit that was hit', () => {
    const range = mapPortalError(response(400, portalBody('VALIDATION_ERROR', 'Date range exceeds 93 days (94 days requested)')), { rangeDays: 94, providerCount: 0 }, ctx);
    expect(range.kind).toBe('validation');
    expect(range.message).toMatch(/longer than 93 days \(this one had 94\)/);
    const providers = mapPortalError(response(400, portalBody('VALIDATION_ERROR', 'Too many providers: 101')), { rangeDays: 10, providerCount: 101 }, ctx);
    expect(providers.message).toMatch(/more than 100 providers/);
  });

  it('401: the token expired or is invalid; update it in the connection', () => {
    const e = mapPortalError(response(401, portalBody('UNAUTHORIZED', 'Token expired')), facts, ctx);
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/expired or is invalid/);
    expect(e.message).toMatch(/Update them in the connection/);
    expect(e.retryable).toBe(false);
  });

  it('403: names the missing permission', () => {
    const e = mapPortalError(response(403, portalBody('FORBIDDEN', 'Missing permission')), facts, ctx);
    expect(e.kind).toBe('permission');
    expect(e.message).toContain('APICLI_RPTPORTAL_FACTURACION');
  });

  it('429: rate limited, retryable, with Retry-After', () => {
    const e = mapPortalError(response(429, portalBody('RATE_LIMITED', 'Exceeded'), { 'Retry-After': '12' }), facts, ctx);
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(12_000);
    expect(e.retryable).toBe(true);
    expect(mapPortalError(response(429, ''), facts, ctx).retryAfterMs).toBeUndefined();
  });

  it('500 INTERNAL_ERROR and 5xx with an HTML body: says the upstream failed with status N', () => {
    const json = mapPortalError(response(500, portalBody('INTERNAL_ERROR', 'boom')), facts, ctx);
    expect(json.kind).toBe('server');
    expect(json.message).toMatch(/failed with status 500 \(INTERNAL_ERROR/);
    const html = mapPortalError(response(502, '<!doctype html><html><body>Bad Gateway</body></html>'), facts, ctx);
    expect(html.message).toMatch(/failed with status 502 \(it answered with a web page/);
    const empty = mapPortalError(response(503, ''), facts, ctx);
    expect(empty.message).toMatch(/failed with status 503\./);
  });

  it('404: check the base URL', () => {
    expect(mapPortalError(response(404, '<html/>'), facts, ctx).message).toMatch(/base URL/);
  });

  it('never repeats a secret the upstream echoed back', () => {
    const e = mapPortalError(response(400, portalBody('BAD_REQUEST', `bad key ${SECRET}\n<script>`)), facts, ctx);
    expect(e.message).not.toContain(SECRET);
    expect(e.message).toContain('[redacted]');
    expect(e.message).not.toContain('\n');
  });
});

describe('PAYG error mapping', () => {
  it('maps 401, 403, 404, 400, 429 and 5xx', () => {
    expect(mapPaygError(response(401, '{"detail":"Invalid token."}'), 'x', ctx)).toMatchObject({ kind: 'auth' });
    expect(mapPaygError(response(401, '{"detail":"Invalid token."}'), 'x', ctx).message).toMatch(/API key/);
    expect(mapPaygError(response(403, '{}'), 'x', ctx)).toMatchObject({ kind: 'permission' });
    const nf = mapPaygError(response(404, '{"detail":"Not found."}'), 'billing period 77', ctx);
    expect(nf).toMatchObject({ kind: 'not_found' });
    expect(nf.message).toMatch(/billing period 77/);
    expect(mapPaygError(response(400, '{"detail":"bad ordering"}'), 'x', ctx).message).toMatch(/bad ordering/);
    expect(mapPaygError(response(429, '{}', { 'retry-after': '2' }), 'x', ctx)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect(mapPaygError(response(503, '<html>oops</html>'), 'x', ctx).message).toMatch(/PAYG service failed with status 503/);
  });
});
