/**
 * review:* — review states (bulk), sign-offs, the audit log and its verification. Every change
 * goes through the core's review module, so it lands in the hash-chained audit log.
 */
import { listAuditLog, verifyAuditChain } from '../core/review/audit.ts';
import { setReview } from '../core/review/reviews.ts';
import { signoffsOf } from '../core/review/signoff-store.ts';
import { findConnection } from '../core/reconcile/connection.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

export function reviewHandlers(ctx: HandlerContext) {
  const { db, clock } = ctx.deps;
  return {
    'review:set'(input: ParsedInput<'review:set'>): Promise<HandlerOutput<'review:set'>> {
      const updated = setReview(db, clock, {
        connection: input.connection,
        itemKeys: input.itemKeys,
        state: input.state,
        reason: input.reason ?? null,
        note: input.note ?? null,
        author: input.author,
      });
      // Open views show the new state on their next page, without re-running the reconciliation.
      ctx.views.applyReviews(input.connection, updated);
      return Promise.resolve({ updated: updated.length });
    },

    'review:signoffs'(input: ParsedInput<'review:signoffs'>): Promise<HandlerOutput<'review:signoffs'>> {
      const connection = findConnection(db, input.connection);
      const all = signoffsOf(db, connection.id, connection.name);
      // Sign-offs overlapping the asked range (a sign-off is of an exact range; the window shows the nearby ones).
      return Promise.resolve(all.filter((s) => (input.to === undefined || s.from <= input.to) && (input.from === undefined || s.to >= input.from)));
    },

    'review:log'(input: ParsedInput<'review:log'>): Promise<HandlerOutput<'review:log'>> {
      const entries = listAuditLog(db, { connection: input.connection, from: input.from, to: input.to });
      return Promise.resolve(
        entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          connection: e.connection,
          subject: e.subject,
          // Stored as canonical JSON and parsed back: always a JSON value.
          payload: e.payload as HandlerOutput<'review:log'>[number]['payload'],
          hash: e.hash,
        })),
      );
    },

    'review:verify'(): Promise<HandlerOutput<'review:verify'>> {
      const v = verifyAuditChain(db);
      return Promise.resolve({ ok: v.ok, entries: v.entries, firstBadSeq: v.firstBadSeq ?? null, message: v.message });
    },
  };
}
