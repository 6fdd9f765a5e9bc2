import type { RawHttpResponse } from '../../http/request.ts';
import { cleanUpstreamText, commonHttpError, readErrorBody, UpstreamError, type ErrorContext } from '../errors.ts';

/** PAYG errors in words an accountant can act on. `what` names the thing asked for (for 404). */
export function mapPaygError(response: RawHttpResponse, what: string, ctx: ErrorContext): UpstreamError {
  const body = readErrorBody(response.bodyText);
  const { status } = response;
  const said = body.message ? ` The service said: "${cleanUpstreamText(body.message, ctx.secrets)}".` : '';
  if (status === 401) {
    return new UpstreamError('auth', `The PAYG service rejected the API key (401): it has expired or is invalid. Update the API key of the connection and sync again.`, {
      status,
      code: body.code,
    });
  }
  if (status === 403) {
    return new UpstreamError('permission', `The PAYG API key may not read billing periods (403). Ask the PAYG provider to grant it access to payment requests.${said}`, {
      status,
      code: body.code,
    });
  }
  if (status === 404) {
    return new UpstreamError('not_found', `The PAYG service has no ${what} (404).${said}`, { status, code: body.code });
  }
  if (status === 400) {
    return new UpstreamError('bad_request', `The PAYG service refused the request as invalid (400).${said}`, { status, code: body.code });
  }
  return commonHttpError('the PAYG service', response, body, ctx);
}
