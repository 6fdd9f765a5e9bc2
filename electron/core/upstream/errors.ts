import { UpstreamError } from '../http/errors.ts';
import { JsonNestingError, parseExactJson } from '../money/exact-json.ts';
import type { RawHttpResponse } from '../http/request.ts';
import { parseRetryAfter } from '../http/retry.ts';
import { redactSecrets } from '../redact.ts';

export { UpstreamError, type UpstreamErrorKind } from '../http/errors.ts';

/** What an error body said, when it said anything readable. */
export interface ErrorBody {
  code?: string;
  message?: string;
  html: boolean;
}

/**
 * Read an error body of any shape: the portal's {success:false,error:{code,message}}, DRF's
 * {detail}, a bare {code,message}, HTML from a proxy, or nothing at all.
 */
export function readErrorBody(bodyText: string): ErrorBody {
  const html = /^\s*</.test(bodyText);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { html };
  }
  if (!isRecord(parsed)) return { html };
  const source = isRecord(parsed.error) ? parsed.error : parsed;
  const code = typeof source.code === 'string' ? source.code : undefined;
  const message =
    typeof source.message === 'string' ? source.message : typeof parsed.detail === 'string' ? parsed.detail : typeof parsed.error === 'string' ? parsed.error : undefined;
  return { code, message, html };
}

/** Upstream text is shown to people: one line, short, and never a secret we hold. */
export function cleanUpstreamText(text: string, secrets: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const short = oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
  return redactSecrets(short, secrets);
}

export interface ErrorContext {
  /** Credentials in use, so upstream text echoing one is redacted. */
  secrets: readonly string[];
  nowMs: number;
}

/** Errors every upstream shares: rate limiting, server failures, unexpected statuses. */
export function commonHttpError(target: string, response: RawHttpResponse, body: ErrorBody, ctx: ErrorContext): UpstreamError {
  const { status } = response;
  const detail = body.message ? `: ${cleanUpstreamText(body.message, ctx.secrets)}` : '';
  if (status === 429) {
    return new UpstreamError('rate_limited', `${cap(target)} refused the request for exceeding its rate limit (429 ${body.code ?? 'RATE_LIMITED'}). Wait a minute and sync again.`, {
      status,
      code: body.code,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), ctx.nowMs),
    });
  }
  if (status >= 500) {
    const what = body.html ? ' (it answered with a web page instead of data)' : body.code ? ` (${body.code}${detail})` : '';
    return new UpstreamError('server', `${cap(target)} failed with status ${status}${what}. Try again later; what was already synced is kept.`, {
      status,
      code: body.code,
    });
  }
  return new UpstreamError('bad_request', `${cap(target)} answered with an unexpected status ${status}${body.code ? ` (${body.code}${detail})` : ''}.`, {
    status,
    code: body.code,
  });
}

/**
 * The body as parseExactJson reads it. Unreadable JSON is `malformed` (it may have been cut off:
 * retried); JSON nested past the limit is `too_deep` (it will not get better: not retried).
 */
export function parseBody(target: string, bodyText: string, status: number): unknown {
  try {
    return parseExactJson(bodyText);
  } catch (error) {
    if (error instanceof JsonNestingError) {
      throw new UpstreamError(
        'too_deep',
        `${cap(target)}'s reply nests its data more than ${error.limit} levels deep, which no billing data does; it was not read. Check the connection's base URL.`,
        { status },
      );
    }
    throw malformed(target, /^\s*</.test(bodyText) ? 'a web page instead of data' : bodyText.trim() === '' ? 'an empty reply' : 'incomplete or invalid JSON', status);
  }
}

/**
 * A 200 reply that says it did not do it (`{"success": false, "error": {code, message}}`): the
 * upstream's own words, cleaned, and not retried (asking again gets the same answer).
 */
export function refusedWithSuccessStatus(target: string, body: ErrorBody, status: number, secrets: readonly string[]): UpstreamError {
  const code = body.code ? cleanUpstreamText(body.code, secrets) : 'no code';
  const said = body.message ? `: "${cleanUpstreamText(body.message, secrets)}"` : ' (no message)';
  return new UpstreamError('rejected', `${cap(target)} answered but did not give the report: it reported a failure (${code})${said}. Check the connection's settings; if they are right, ask the provider.`, {
    status,
    code: body.code,
  });
}

export function malformed(target: string, reason: string, status: number): UpstreamError {
  return new UpstreamError('malformed', `${cap(target)}'s reply could not be read (${reason}). It may have been cut off in transit; the request is retried.`, {
    status,
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
