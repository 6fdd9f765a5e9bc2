/**
 * The one path every request takes, in Electron main and in the browser harness alike: check the
 * channel, parse the input with the contract, run the handler, parse the OUTPUT with the contract,
 * and answer a Result. Nothing a handler returns reaches the window unchecked, and no exception,
 * stack or secret crosses the boundary.
 */
import type { z } from 'zod';
import { channels, describeIssue, isChannel, type Channel, type Result } from '../contract/index.ts';
import { describeError } from './errors.ts';
import type { Handlers } from './types.ts';

export interface DispatchOptions {
  /** Scrub secret values from any text that goes back (see redaction.ts). */
  redact?: (text: string) => string;
  /** Where to note what the user is not shown (a bug's details); already redacted. */
  log?: (message: string) => void;
}

export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, options: DispatchOptions = {}): Promise<Result<unknown>> {
  const redact = options.redact ?? ((text: string) => text);
  if (!isChannel(channel)) {
    return { ok: false, error: { message: `Concilia has no request named "${channel.slice(0, 60)}".`, kind: 'unknown_channel' } };
  }
  const spec = channels[channel];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) {
    return { ok: false, error: { message: redact(summariseIssues(input.error)), kind: 'invalid_input' } };
  }
  let value: unknown;
  try {
    value = await (handlers[channel] as (input: unknown) => Promise<unknown>)(input.data);
  } catch (error) {
    const described = describeError(error, channel);
    if (described.kind === 'internal') options.log?.(redact(`${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    return { ok: false, error: { message: redact(described.message), kind: described.kind, ...(described.problem ? { problem: described.problem } : {}) } };
  }
  const output = spec.output.safeParse(value);
  if (!output.success) {
    options.log?.(redact(`${channel}: the answer broke the contract: ${summariseIssues(output.error)}`));
    return {
      ok: false,
      error: {
        message: `Concilia produced an answer it could not check (${channel}), so it was not shown. Please report this; your data is unchanged.`,
        kind: 'invalid_output',
      },
    };
  }
  return { ok: true, value: output.data };
}

/** "from: must be a date as YYYY-MM-DD; name: is required" — at most five, no values echoed. */
export function summariseIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => describeIssue(issue));
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `Some details are not valid — ${parts.join('; ')}${more}.`;
}

export type { Channel };
