/**
 * The team store passes the ReviewStore contract, as the SQLite store does: two laptops on a real
 * PostgreSQL (ana's is the store under test, ben's the other person's), settled by syncing both.
 */
import { addRestatement } from '../unit/reconcile/fixtures.ts';
import { reviewStoreContract } from '../support/review-store-contract.ts';
import { joined, teamDatabase } from './support.ts';

reviewStoreContract('team (PostgreSQL)', async () => {
  const team = await teamDatabase();
  let now = Date.parse('2026-03-15T12:00:00.000Z');
  const clock = (): number => now;
  const a = await joined(await team.member('ana'), 'ana', clock);
  const b = await joined(await team.member('ben'), 'ben', clock);
  return {
    store: a.store,
    other: b.store,
    acme: { id: 1, name: 'acme' },
    lms: { id: 2, name: 'lms' },
    async settle() {
      await a.sync();
      await b.sync();
      await a.sync();
    },
    restate: (connection, periodStart) =>
      addRestatement(a.cache.db, connection.id, { entity: 'portal_row', key: `P|1|${periodStart}`, periodStart, field: 'provider_reported', oldValue: '1', newValue: '2', detectedAt: new Date(Date.now() + 60_000).toISOString() }),
    advance: (ms) => {
      now += ms;
    },
    async close() {
      a.close();
      b.close();
      await team.drop();
    },
  };
});
