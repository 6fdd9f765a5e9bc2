/**
 * Nothing lost, nothing twice: the server killed in the middle of a push (immediate shutdown, as
 * a crash) and started again, and a laptop that dies after the server committed a batch but
 * before it could note so. Its own durable cluster: this file stops and starts the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setReview } from '../../electron/core/review/index.ts';
import { pendingCount } from '../../electron/core/team/outbox.ts';
import { pushTeamChanges } from '../../electron/core/team/push.ts';
import { withTeam } from '../../electron/core/team/server.ts';
import { controlCluster, createGroupRoles, startCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { as, joined, teamDatabase, type Laptop, type Login, type TeamDatabase } from './support.ts';

let cluster: PostgresCluster & { stop: () => void };
let team: TeamDatabase;
let ana: Login;
let a: Laptop;
const CHANGES = 3000;

beforeAll(async () => {
  cluster = await startCluster({ durable: true });
  await createGroupRoles(cluster);
  team = await teamDatabase(cluster);
  ana = await team.member('ana');
  a = await joined(ana, 'Ana Pérez');
  // The account's first entry, and with it its key's registration, reach the server while it is up.
  a.store.appendAudit({ action: 'export.write', payload: { file: 'january.xlsx' } });
  await a.sync();
  // Three thousand review changes made offline: one item reviewed again and again.
  for (let i = 0; i < CHANGES; i++) {
    setReview(a.deps, { connection: 'acme', itemKeys: [`P|${(i % 300) + 10}|2026-01-01`], state: i % 2 === 0 ? 'explained' : 'resolved', reason: 'timing', note: `change ${i}` });
  }
});
afterAll(() => {
  a.close();
  cluster.stop();
});

async function serverCounts(): Promise<{ changes: number; distinct: number; entries: number }> {
  const { rows } = await as<{ changes: string; distinct: string; entries: string }>(
    ana,
    "SELECT (SELECT count(*) FROM concilia.review_change) AS changes, (SELECT count(DISTINCT client_id) FROM concilia.review_change) AS distinct, (SELECT count(*) FROM concilia.audit_log WHERE action = 'review.set') AS entries",
  );
  const r = rows[0];
  return { changes: Number(r?.changes), distinct: Number(r?.distinct), entries: Number(r?.entries) };
}

describe('a push that is cut short', () => {
  it('the server killed mid-push and restarted: nothing lost, nothing duplicated, in the order made', async () => {
    expect(pendingCount(a.cache.db)).toBe(CHANGES);
    let batches = 0;
    const cut = await withTeam(ana.address, ana.password, (client) =>
      pushTeamChanges(a.cache.db, client, a.deps.clock, {
        batchSize: 250,
        onBatch: () => {
          batches += 1;
          if (batches === 4) controlCluster(cluster, 'kill');
        },
      }),
    ).catch((e: unknown) => e);
    expect(cut).toMatchObject({ kind: 'offline' });
    expect(pendingCount(a.cache.db)).toBe(CHANGES - 4 * 250);

    controlCluster(cluster, 'start');
    expect(await serverCounts()).toEqual({ changes: 1000, distinct: 1000, entries: 1000 });
    const result = await a.sync();
    expect(result).toMatchObject({ pushed: CHANGES - 1000, pending: 0 });
    expect(await serverCounts()).toEqual({ changes: CHANGES, distinct: CHANGES, entries: CHANGES });
    // The server took them in the order they were made: its latest of each item is the laptop's latest.
    const { rows } = await as<{ item_key: string; note: string }>(ana, "SELECT item_key, note FROM concilia.review_state WHERE item_key = 'P|10|2026-01-01'");
    expect(rows).toEqual([{ item_key: 'P|10|2026-01-01', note: `change ${CHANGES - 300}` }]);
  });

  it('the laptop dies after the server committed but before it noted so: sent again, taken once', async () => {
    for (let i = 0; i < 10; i++) setReview(a.deps, { connection: 'acme', itemKeys: ['P|1|2026-01-01'], state: 'explained', reason: 'timing', note: `again ${i}` });
    await a.sync();
    // As if the laptop had crashed between the server's COMMIT and marking the batch as sent.
    a.cache.db.prepare("UPDATE team_outbox SET pushed_at = NULL WHERE subject = 'P|1|2026-01-01'").run();
    expect(pendingCount(a.cache.db)).toBe(10);
    const again = await a.sync();
    expect(again).toMatchObject({ pushed: 10, pending: 0 });
    expect(await serverCounts()).toEqual({ changes: CHANGES + 10, distinct: CHANGES + 10, entries: CHANGES + 10 });
    expect(a.store.verifyAuditLog().ok).toBe(true);
  });
});
