/**
 * What people call the items of a connection: the provider's or loan's name and the period, read
 * from the cache, for the sentences that name them (language/describe.ts). Entries written since
 * identities carry their item's label; older ones are named through this.
 */
import type { ReadableDB } from '../cache/index.ts';
import { parseItemKey, type ItemKey } from './keys.ts';
import type { ConnectionRef, ItemLabel, SignoffPeriodKind } from './types.ts';

export type ItemLabeller = (key: ItemKey) => ItemLabel;

/** Labels for the items of one connection, each looked up once. `periodKind`: how the periods are cut, when known. */
export function itemLabeller(db: ReadableDB, connection: ConnectionRef, periodKind: SignoffPeriodKind | null = null): ItemLabeller {
  const seen = new Map<ItemKey, ItemLabel>();
  const provider = db.prepare<[number, string], { name: string; kind: SignoffPeriodKind }>(
    `SELECT r.provider_name AS name, w.period_kind AS kind FROM portal_row r JOIN sync_window w ON w.id = r.window_id
     WHERE r.connection_id = ? AND r.provider_id = ? ORDER BY w.period_kind = 'month' DESC, w.synced_at DESC LIMIT 1`,
  );
  const billing = db.prepare<[number, number], { loan_name: string; start_date: string }>('SELECT loan_name, start_date FROM billing_period WHERE connection_id = ? AND id = ?');
  return (key) => {
    const cached = seen.get(key);
    if (cached) return cached;
    const parsed = parseItemKey(key);
    let label: ItemLabel = { key, name: null, periodStart: null, periodKind, currency: null };
    if (parsed?.kind === 'portal_row' || (parsed?.kind === 'finding' && parsed.providerId !== null && parsed.check !== 'quarantined')) {
      const row = provider.get(connection.id, parsed.providerId ?? '');
      label = { key, name: row?.name ?? null, periodStart: parsed.periodStart, periodKind: periodKind ?? row?.kind ?? null, currency: null };
    } else if (parsed?.kind === 'finding') {
      label = { key, name: null, periodStart: parsed.periodStart, periodKind, currency: null };
    } else if (parsed?.kind === 'billing_period') {
      const row = billing.get(connection.id, parsed.id);
      label = { key, name: row?.loan_name ?? null, periodStart: row?.start_date ?? null, periodKind: null, currency: null };
    }
    seen.set(key, label);
    return label;
  };
}
