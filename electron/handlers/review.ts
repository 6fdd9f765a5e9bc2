/**
 * review:* and identity:* — review states (bulk) and their history, where a range stands for
 * sign-off, sign-offs, the audit log and its verification, and who the window acts as. Every
 * change goes through the review store, signed by the account running Concilia, so it lands in
 * the audit log; nothing the window sends says who it is.
 */
import type { ReadableDB } from '../core/cache/index.ts';
import { getConnection } from '../core/connections/index.ts';
import { itemLabeller, listSignoffs, parseItemKey, reviewHistory, setReview, type AuditEntry, type ItemLabeller, type ReviewStore } from '../core/review/index.ts';
import { readiness } from '../core/signoff/index.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

/** An audit entry for the window, with its item named (the window shows sentences, never keys). */
export function entryView(e: AuditEntry, labelOf: ItemLabeller | undefined): HandlerOutput<'review:log'>[number] {
  const key = e.subject !== null && parseItemKey(e.subject) !== null ? e.subject : null;
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    actorName: e.actorName,
    signed: e.signed,
    action: e.action,
    connection: e.connection,
    subject: e.subject,
    payload: e.payload,
    hash: e.hash,
    item: key !== null && labelOf ? labelOf(key) : null,
  };
}

/** Item labellers per connection name, made when first needed (a removed connection has none). */
function labellers(db: ReadableDB): (connection: string | null) => ItemLabeller | undefined {
  const made = new Map<string, ItemLabeller | undefined>();
  return (connection) => {
    if (connection === null) return undefined;
    if (!made.has(connection)) {
      try {
        made.set(connection, itemLabeller(db, getConnection(db, connection)));
      } catch {
        made.set(connection, undefined);
      }
    }
    return made.get(connection);
  };
}

function identityView(reviews: ReviewStore): HandlerOutput<'identity:get'> {
  const { identity } = reviews;
  return { accountId: identity.accountId, displayName: reviews.account(identity.accountId)?.displayName ?? identity.displayName, fingerprint: identity.fingerprint };
}

export function reviewHandlers(ctx: HandlerContext) {
  const { reviews, db } = ctx.deps;
  return {
    'review:set'(input: ParsedInput<'review:set'>): Promise<HandlerOutput<'review:set'>> {
      const updated = setReview(ctx.deps, {
        connection: input.connection,
        itemKeys: input.itemKeys,
        state: input.state,
        reason: input.reason ?? null,
        note: input.note ?? null,
      });
      // Views read reviews with their rows: their next page shows the new state; orders by review go.
      ctx.views.reviewsChanged(input.connection);
      return Promise.resolve({ updated: updated.length });
    },

    'review:history'(input: ParsedInput<'review:history'>): Promise<HandlerOutput<'review:history'>> {
      const entries = reviewHistory(ctx.deps, input.connection, input.itemKey);
      const labelOf = itemLabeller(db, getConnection(db, input.connection));
      return Promise.resolve(entries.map((e) => entryView(e, labelOf)));
    },

    'review:readiness'(input: ParsedInput<'review:readiness'>): Promise<HandlerOutput<'review:readiness'>> {
      const r = readiness(ctx.deps, input);
      return Promise.resolve({
        connection: r.connection,
        from: input.from,
        to: input.to,
        period: input.period,
        open: r.open,
        tally: r.tally,
        attested: r.attested,
        statementHash: r.statement.hash,
        coverageGaps: r.coverageGaps.length,
        signoffs: r.signoffs,
      });
    },

    'review:signoffs'(input: ParsedInput<'review:signoffs'>): Promise<HandlerOutput<'review:signoffs'>> {
      const all = listSignoffs(ctx.deps, input.connection);
      // Sign-offs overlapping the asked range (a sign-off is of an exact range; the window shows the nearby ones).
      return Promise.resolve(all.filter((s) => (input.to === undefined || s.from <= input.to) && (input.from === undefined || s.to >= input.from)));
    },

    'review:log'(input: ParsedInput<'review:log'>): Promise<HandlerOutput<'review:log'>> {
      const labelOf = labellers(db);
      return Promise.resolve(reviews.auditLog({ connection: input.connection, from: input.from, to: input.to }).map((e) => entryView(e, labelOf(e.connection))));
    },

    'review:verify'(): Promise<HandlerOutput<'review:verify'>> {
      const v = reviews.verifyAuditLog();
      return Promise.resolve({ ok: v.ok, entries: v.entries, signed: v.signed, firstBadSeq: v.firstBadSeq ?? null, problem: v.problem ?? null, message: v.message });
    },

    'identity:get'(): Promise<HandlerOutput<'identity:get'>> {
      return Promise.resolve(identityView(reviews));
    },

    'identity:rename'(input: ParsedInput<'identity:rename'>): Promise<HandlerOutput<'identity:rename'>> {
      reviews.setDisplayName(input.displayName);
      return Promise.resolve(identityView(reviews));
    },
  };
}
