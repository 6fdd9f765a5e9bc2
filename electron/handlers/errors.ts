/**
 * Turn whatever a handler threw into a message an accountant can act on and a kind the window
 * can react to. The kind is the one chosen where the error was thrown (ContractError, or the
 * core's ConciliaError and its subclasses); never guessed from the wording. JavaScript's built-in
 * errors (TypeError…) are bugs, described without their technical text.
 */
import { isConciliaError } from '../core/errors.ts';
import { explainSqliteError } from '../core/cache/index.ts';
import type { Problem } from '../core/language/describe.ts';
import { ContractError, type ErrorKind } from '../contract/index.ts';

const BUG_NAMES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'ZodError']);

export function describeError(error: unknown, channel: string): { message: string; kind: ErrorKind; problem?: Problem } {
  if (error instanceof ContractError) return { message: error.message, kind: error.kind };
  // A refusal with its data (a sign-off with open items…): the window says it in its own language.
  if (isConciliaError(error)) return error.problem === undefined ? { message: error.message, kind: error.kind } : { message: error.message, kind: error.kind, problem: error.problem };
  if (!(error instanceof Error)) return { message: `Concilia could not complete this (${channel}). Try again; if it keeps failing, restart Concilia.`, kind: 'internal' };
  if (BUG_NAMES.has(error.name) || (error.name === 'Error' && !error.message)) {
    return { message: `Concilia hit an unexpected problem (${channel}). Try again; if it keeps failing, restart Concilia and report it.`, kind: 'internal' };
  }
  switch (error.name) {
    case 'UpstreamError': {
      const kind = (error as { kind?: unknown }).kind;
      return { message: error.message, kind: kind === 'network' || kind === 'timeout' ? 'offline' : 'upstream' };
    }
    case 'CancelledError':
    case 'AbortError':
      return { message: error.message || 'Cancelled.', kind: 'cancelled' };
    case 'SqliteError':
      // Never SQLite's own words ("database disk image is malformed"): what happened and what to do.
      return {
        message: explainSqliteError(error) ?? 'The cache could not be read or written. Close other Concilia windows or the command line if they are busy, then try again.',
        kind: 'internal',
      };
    default:
      // Errors of other areas (SyncError, CurrencyError, CacheOpenError…) are written for people.
      return { message: error.message, kind: 'rejected' };
  }
}
