import type { RawHttpResponse } from '../../http/request.ts';
import { cleanUpstreamText, commonHttpError, readErrorBody, UpstreamError, type ErrorContext } from '../errors.ts';

export const PORTAL_PERMISSION = 'APICLI_RPTPORTAL_FACTURACION';

export interface PortalRequestFacts {
  /** Days in the requested range, both ends counted. */
  rangeDays: number;
  providerCount: number;
}

/** Every documented portal error code, in words an accountant can act on. */
export function mapPortalError(response: RawHttpResponse, facts: PortalRequestFacts, ctx: ErrorContext): UpstreamError {
  const body = readErrorBody(response.bodyText);
  const { status } = response;
  const said = body.message ? ` The portal said: "${cleanUpstreamText(body.message, ctx.secrets)}".` : '';
  if (status === 401) {
    return new UpstreamError(
      'auth',
      `The portal rejected the credentials (401 ${body.code ?? 'UNAUTHORIZED'}): the token (JWT) has expired or is invalid, or the API key is wrong. Update them in the connection and sync again.`,
      { status, code: body.code },
    );
  }
  if (status === 403) {
    return new UpstreamError(
      'permission',
      `The portal account may not read the billing report (403 ${body.code ?? 'FORBIDDEN'}): it lacks the permission ${PORTAL_PERMISSION}. Ask the tenant's administrator to grant it.`,
      { status, code: body.code },
    );
  }
  if (status === 400 && body.code === 'VALIDATION_ERROR') {
    return new UpstreamError('validation', `The portal refused the request (400 VALIDATION_ERROR): ${whichLimit(body.message ?? '', facts)}.${said}`, {
      status,
      code: body.code,
    });
  }
  if (status === 400) {
    return new UpstreamError(
      'bad_request',
      `The portal says the request is incomplete (400 ${body.code ?? 'BAD_REQUEST'}): it needs the tenant, the dates and both credentials. Check the connection's tenant.${said}`,
      { status, code: body.code },
    );
  }
  if (status === 404) {
    return new UpstreamError('not_found', `The portal has no billing report at this address (404). Check the connection's base URL.`, { status, code: body.code });
  }
  return commonHttpError('the portal', response, body, ctx);
}

function whichLimit(message: string, facts: PortalRequestFacts): string {
  if (/provider/i.test(message) || facts.providerCount > 100) {
    return `more than 100 providers in one request (this one had ${facts.providerCount})`;
  }
  if (/day|range|date/i.test(message) || facts.rangeDays > 93) {
    return `a date range longer than 93 days (this one had ${facts.rangeDays})`;
  }
  return 'one of its limits (at most 93 days and 100 providers per request)';
}
