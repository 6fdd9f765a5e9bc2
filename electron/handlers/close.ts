/** close:overview — the month-end overview across connections, from the cache and the review store. */
import { closeOverview, recentMonths } from '../core/close/index.ts';
import { isoInstant } from '../core/deps.ts';
import { readTeamSettings } from '../core/team/settings.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

export function closeHandlers(ctx: HandlerContext) {
  return {
    'close:overview'(input: ParsedInput<'close:overview'>): Promise<HandlerOutput<'close:overview'>> {
      const { db, reviews, clock } = ctx.deps;
      const now = clock();
      const recent = recentMonths(now);
      const from = input.from ?? recent.from;
      const to = input.to ?? (input.from !== undefined && input.from > recent.to ? input.from : recent.to);
      return Promise.resolve(closeOverview({ db, reviews, team: readTeamSettings(db) !== null }, { from, to, today: isoInstant(now).slice(0, 10), now }));
    },
  };
}
