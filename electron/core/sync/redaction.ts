/**
 * Credential values never reach the cache, whatever an upstream echoes back: a loan name that
 * holds the Authorization header, a debugging field with the API key, a reason quoting either.
 * Every text a sync writes (raw responses, record text, set-aside records and their reasons,
 * window and run messages) passes through one Redactor built from the credentials in use.
 *
 * A raw response is redacted as text, so a stored body is the upstream's reply with each
 * credential replaced by [redacted] (its sha256 is of what is stored). A credential written with
 * JSON escapes (\u0041…) does not show literally: string tokens holding a backslash are decoded
 * and checked one by one.
 */
import { stringEnd } from '../money/exact-json.ts';
import { redactSecrets } from '../redact.ts';
import type { RawToStore } from './raw.ts';
import type { SyncDeps } from './types.ts';

export const REDACTED = '[redacted]';

export interface Redactor {
  /** The text with every credential replaced. */
  text(value: string): string;
  textOrNull(value: string | null): string | null;
  /** A raw response ready to store: its body redacted (and its bytes dropped if that changed it). */
  raw(raw: RawToStore): RawToStore;
}

/** A redactor for the credentials a connection has stored. */
export async function redactorFor(deps: Pick<SyncDeps, 'secrets'>, connectionName: string): Promise<Redactor> {
  return createRedactor(await secretsOf(deps, connectionName));
}

/** Every credential value a connection has stored. */
export async function secretsOf(deps: Pick<SyncDeps, 'secrets'>, connectionName: string): Promise<string[]> {
  const values: string[] = [];
  for (const field of ['token', 'apiKey'] as const) {
    const value = (await deps.secrets.get(connectionName, field))?.value;
    if (value) values.push(value);
  }
  return values;
}

/** Values shorter than this are not treated as secrets (redactSecrets has the same floor). */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  // Called for every stored text: the common case (no credential in it) allocates nothing.
  const text = (value: string): string => (values.some((secret) => value.includes(secret)) ? redactSecrets(value, values) : value);
  return {
    text,
    textOrNull: (value) => (value === null ? null : text(value)),
    raw(raw) {
      if (values.length === 0) return raw;
      let body = text(raw.bodyText);
      if (body.includes('\\')) body = redactEscapedStrings(body, values);
      if (body === raw.bodyText) return raw;
      const { bodyBytes: _stale, ...rest } = raw;
      return { ...rest, bodyText: body };
    },
  };
}

/**
 * Replace each JSON string token that holds a backslash and, once decoded, a credential, by the
 * JSON string of its redacted text. Tokens without a backslash were already covered literally.
 */
function redactEscapedStrings(body: string, secrets: readonly string[]): string {
  let out = '';
  let copied = 0;
  let backslash = body.indexOf('\\');
  let i = body.indexOf('"');
  while (i >= 0 && backslash >= 0) {
    const end = stringEnd(body, i);
    if (end < 0) break;
    // Only a token holding the next backslash is decoded; the others are skipped unread.
    if (backslash < end) {
      backslash = body.indexOf('\\', end);
      const token = body.slice(i, end);
      let decoded: unknown;
      try {
        decoded = JSON.parse(token);
      } catch {
        decoded = null;
      }
      if (typeof decoded === 'string' && secrets.some((s) => decoded.includes(s))) {
        out += body.slice(copied, i) + JSON.stringify(redactSecrets(decoded, secrets));
        copied = end;
      }
    }
    i = body.indexOf('"', end);
  }
  return copied === 0 ? body : out + body.slice(copied);
}
