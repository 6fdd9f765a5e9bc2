/** reconcile:describe — names and periods for item keys, so the window never has to show a key. */
import { getConnection } from '../core/connections/index.ts';
import { describeItems } from '../core/reconcile/item-names.ts';
import type { HandlerOutput, ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

export function itemNameHandlers(ctx: HandlerContext) {
  const { db } = ctx.deps;
  return {
    'reconcile:describe'(input: ParsedInput<'reconcile:describe'>): Promise<HandlerOutput<'reconcile:describe'>> {
      const connection = getConnection(db, input.connection);
      return Promise.resolve(describeItems(db, connection.id, input.keys));
    },
  };
}
