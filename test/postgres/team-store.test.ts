/**
 * The team store passes the ReviewStore contract, as the SQLite store does: each account on its
 * own laptop (its own cache and database role) over a real PostgreSQL, settled by syncing them.
 */
import type { Identity } from '../../electron/core/identity/index.ts';
import { ana, ben, reviewStoreContract } from '../support/review-store-contract.ts';
import { addRestatement } from '../unit/reconcile/fixtures.ts';
import { joined, teamDatabase, type Laptop } from './support.ts';

reviewStoreContract('team (PostgreSQL)', async () => {
  const team = await teamDatabase();
  let now = Date.parse('2026-03-15T12:00:00.000Z');
  const clock = (): number => now;
  const laptops = new Map<Identity, Laptop>([
    [ana, await joined(await team.member('ana'), 'ana', clock, ana)],
    [ben, await joined(await team.member('ben'), 'ben', clock, ben)],
  ]);
  const of = (identity: Identity): Laptop => {
    const l = laptops.get(identity);
    if (!l) throw new Error(`no laptop for ${identity.accountId}`);
    return l;
  };
  return {
    as: (identity) => of(identity).store,
    acme: { id: 1, name: 'acme' },
    member: (identity) => of(identity).login.address.user,
    lms: { id: 2, name: 'lms' },
    async settle() {
      for (const l of laptops.values()) await l.sync();
      for (const l of laptops.values()) await l.sync();
    },
    // The preparer's laptop is the one whose sync saw the restatement.
    restate: (connection, periodStart) =>
      addRestatement(of(ana).cache.db, connection.id, { entity: 'portal_row', key: `P|1|${periodStart}`, periodStart, field: 'provider_reported', oldValue: '1', newValue: '2', detectedAt: new Date(now).toISOString() }),
    advance: (ms) => {
      now += ms;
    },
    async close() {
      for (const l of laptops.values()) l.close();
      await team.drop();
    },
  };
});
