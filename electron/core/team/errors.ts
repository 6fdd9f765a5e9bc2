/**
 * What the team server said, in words and with a kind. The server's own refusals carry SQLSTATEs
 * of class CN (schema/0001-review-layer.ts); PostgreSQL's and the network's are named here.
 * A password never appears in a message: the connection string is shown without it.
 */
import { ConciliaError, type ProblemKind } from '../errors.ts';

export class TeamError extends ConciliaError {
  override name = 'TeamError';
  /** The server's SQLSTATE when it refused. */
  readonly code: string | null;

  constructor(kind: ProblemKind, message: string, code: string | null = null, options?: ErrorOptions) {
    super(kind, message, options);
    this.code = code;
  }
}

const SERVER_RULES: Readonly<Record<string, ProblemKind>> = {
  CN001: 'conflict',
  CN002: 'conflict',
  CN003: 'rejected',
  CN004: 'rejected',
  CN005: 'rejected',
  CN006: 'rejected',
  CN007: 'invalid_input',
  CN009: 'rejected',
  CN010: 'rejected',
  CN011: 'rejected',
  CN012: 'rejected',
};

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** True when the server could not be reached (as opposed to a server that answered no). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof TeamError) return error.kind === 'offline';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
  // PostgreSQL shutting down or restarting: the connection was cut, the change may be re-sent.
  if (code === '57P01' || code === '57P02' || code === '57P03' || code === '08006' || code === '08003' || code === '08001') return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout expired/i.test(message);
}

/** A team server error, in the user's terms: a server rule's own sentence, or what to do. */
export function teamError(error: unknown, server: string): TeamError {
  if (error instanceof TeamError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && Object.hasOwn(SERVER_RULES, code)) {
    return new TeamError(SERVER_RULES[code] ?? 'rejected', `The team server refused: ${message}`, code, { cause: error });
  }
  if (isUnreachable(error)) {
    return new TeamError('offline', `The team server ${server} cannot be reached: your changes are kept on this computer and sent when it is back.`, typeof code === 'string' ? code : null, {
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new TeamError('missing_credentials', `The team server ${server} did not accept the role and password: check CONCILIA_TEAM_PASSWORD (or PGPASSWORD, or ~/.pgpass).`, code, { cause: error });
  }
  if (code === '42501') {
    return new TeamError('rejected', `The team server refused: your database role may not do this (${message}). Ask the controller to add it to concilia_member.`, code, { cause: error });
  }
  if (code === '3D000') return new TeamError('not_found', `The team database does not exist on ${server}: check the connection string.`, code, { cause: error });
  if (code === '3F000' || code === '42P01') {
    return new TeamError('not_found', `${server} has no Concilia team schema yet: the controller runs concilia team init first.`, code, { cause: error });
  }
  return new TeamError('internal', `The team server ${server} answered: ${message}`, typeof code === 'string' ? code : null, { cause: error });
}
