/**
 * review:* — review states (bulk), sign-offs, the audit log and its verification. Every change
 * goes through the review store, so it lands in the audit log.
 */
import { listSignoffs, setReview } from '../core/review/index.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

export function reviewHandlers(ctx: HandlerContext) {
  const { reviews } = ctx.deps;
  return {
    'review:set'(input: ParsedInput<'review:set'>): Promise<HandlerOutput<'review:set'>> {
      const updated = setReview(ctx.deps, {
        connection: input.connection,
        itemKeys: input.itemKeys,
        state: input.state,
        reason: input.reason ?? null,
        note: input.note ?? null,
        author: input.author,
      });
      // Views read reviews with their rows: their next page shows the new state; orders by review go.
      ctx.views.reviewsChanged(input.connection);
      return Promise.resolve({ updated: updated.length });
    },

    'review:signoffs'(input: ParsedInput<'review:signoffs'>): Promise<HandlerOutput<'review:signoffs'>> {
      const all = listSignoffs(ctx.deps, input.connection);
      // Sign-offs overlapping the asked range (a sign-off is of an exact range; the window shows the nearby ones).
      return Promise.resolve(all.filter((s) => (input.to === undefined || s.from <= input.to) && (input.from === undefined || s.to >= input.from)));
    },

    'review:log'(input: ParsedInput<'review:log'>): Promise<HandlerOutput<'review:log'>> {
      const entries = reviews.auditLog({ connection: input.connection, from: input.from, to: input.to });
      return Promise.resolve(
        entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          connection: e.connection,
          subject: e.subject,
          payload: e.payload,
          hash: e.hash,
        })),
      );
    },

    'review:verify'(): Promise<HandlerOutput<'review:verify'>> {
      const v = reviews.verifyAuditLog();
      return Promise.resolve({ ok: v.ok, entries: v.entries, firstBadSeq: v.firstBadSeq ?? null, message: v.message });
    },
  };
}
