/**
 * Errors that say what went wrong in words an accountant can act on, and what kind of problem it
 * is, chosen where the error is thrown. The app's window, the command line and the tests react to
 * the kind (a missing connection, a refused sign-off…), never to the wording of the message.
 */
import type { Problem } from './language/describe.ts';

export const PROBLEM_KINDS = [
  /** What was asked for does not exist: a connection, a view, a file. */
  'not_found',
  /** What was typed or sent cannot be used as it is: a date, a number, a key. */
  'invalid_input',
  /** It clashes with what is already there: a name taken, a job running, a range already signed. */
  'conflict',
  /** A rule of the domain said no: the reviewer is the preparer, the range is not fully synced. */
  'rejected',
  'missing_credentials',
  /** The upstream answered with an error (auth, permission, rate limit, server). */
  'upstream',
  /** No network. */
  'offline',
  'cancelled',
  /** A problem of Concilia itself or of the cache file. */
  'internal',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * The base of Concilia's own errors. Each area's subclass has the kind its errors usually are;
 * a throw that is of another kind says so (`new ConnectionError(message, 'not_found')`). The
 * contract's ContractError widens the kinds with those of the IPC boundary.
 */
export class ConciliaError<Kind extends string = ProblemKind> extends Error {
  override name = 'ConciliaError';
  readonly kind: Kind;
  /** The same message as data, for the faces to say in the reader's language (language/describe.ts). */
  readonly problem: Problem | undefined;

  constructor(kind: Kind, message: string, options?: ErrorOptions & { problem?: Problem }) {
    super(message, options);
    this.kind = kind;
    this.problem = options?.problem;
  }
}

export function isConciliaError(error: unknown): error is ConciliaError {
  return error instanceof ConciliaError;
}
