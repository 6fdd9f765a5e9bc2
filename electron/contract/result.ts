/**
 * What every channel answers: a value, or an error an accountant can read. Handlers throw; the
 * IPC wrapper (main) and the RPC route (harness) turn that into `{ok: false, error}`, so the
 * renderer never sees a stack trace or an exception crossing the bridge.
 */
import { ConciliaError, PROBLEM_KINDS } from '../core/errors.ts';
import type { Problem } from '../core/language/describe.ts';
export interface ResultError {
  /** What happened and what to do, in plain words. Never a secret, never a stack. */
  message: string;
  /** Machine-readable category for the UI to react to (see ERROR_KINDS). */
  kind?: string;
  /** The message as data, when it has some: the window says it in its language (describeProblem). */
  problem?: Problem;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export const ERROR_KINDS = [
  /** What the core's own errors say they are (not_found, invalid_input, conflict, rejected…). */
  ...PROBLEM_KINDS,
  /** A handler produced something the contract does not allow: a bug, reported, never passed on. */
  'invalid_output',
  /** The request did not come from our own window (or lacked the harness token). */
  'untrusted_sender',
  'unknown_channel',
  /** Linux without a keyring: storing needs acceptWeakProtection: true. */
  'weak_protection',
  /** The renderer could not reach main or the harness. */
  'transport',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An error a handler throws on purpose: its message is shown as is, with a kind. */
export class ContractError extends ConciliaError<ErrorKind> {
  override name = 'ContractError';
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(message: string, kind?: ErrorKind): Result<never> {
  return kind === undefined ? { ok: false, error: { message } } : { ok: false, error: { message, kind } };
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok === false && 'error' in value) {
    const e = value.error;
    return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string';
  }
  return false;
}
