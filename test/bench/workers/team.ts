/**
 * Worker of the team benchmark (one fresh process per measurement, so peak RSS is its own):
 *   push  send a laptop's queue of review changes to the team server (the candidate)
 *   pull  fetch and apply them on another laptop (the candidate)
 *   copy  COPY the same rows into a bare table of the same columns (the baseline)
 *   prepare  join laptop A to the team and queue the review changes (not measured)
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openCache } from '../../../electron/core/cache/index.ts';
import { identityFromKey, newPrivateKeyPem } from '../../../electron/core/identity/index.ts';
import type { TeamAddress } from '../../../electron/core/team/address.ts';
import { joinTeam } from '../../../electron/core/team/join.ts';
import { pullTeamChanges } from '../../../electron/core/team/pull.ts';
import { pushTeamChanges } from '../../../electron/core/team/push.ts';
import { withTeam } from '../../../electron/core/team/server.ts';
import { createTeamReviewStore } from '../../../electron/core/team/store.ts';
import { reportResult, timed, workerArgs } from '../lib/worker-io.ts';

interface Args {
  mode: 'push' | 'pull' | 'copy' | 'prepare';
  address: TeamAddress;
  password: string;
  cachePath: string;
  count: number;
}

const args = workerArgs<Args>();

async function copyRows(): Promise<number> {
  const client = new pg.Client({ ...args.address, ssl: false, password: args.password });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_copy (client_id uuid PRIMARY KEY, connection text NOT NULL, item_key text NOT NULL, state text NOT NULL,
      reason text, note text, made_at timestamptz NOT NULL, based_on bigint)`);
    const madeAt = new Date().toISOString();
    function* lines(): Generator<string> {
      for (let i = 0; i < args.count; i++) {
        yield `${randomUUID()}\tacme\tP|${i % 5000}|2026-01-01\t${i % 2 === 0 ? 'explained' : 'resolved'}\ttiming\tchange ${i}\t${madeAt}\t\\N\n`;
      }
    }
    return await timed(async () => {
      const stream = client.query(copyFrom('COPY bench_copy FROM STDIN'));
      await pipeline(Readable.from(lines()), stream);
    });
  } finally {
    await client.end();
  }
}

/** Laptop A: joined, and N review changes queued offline (5,000 items, each changed N/5,000 times). */
async function prepare(): Promise<void> {
  const db = openCache(args.cachePath);
  try {
    const link = { address: args.address, password: () => Promise.resolve(args.password) };
    const identity = identityFromKey({ accountId: 'bench:ana', displayName: 'Ana' }, newPrivateKeyPem());
    await joinTeam(db, Date.now, link, { displayName: 'Ana', identity });
    const store = createTeamReviewStore(db, Date.now, identity, link);
    for (let i = 0; i < args.count; i += 1000) {
      const keys = Array.from({ length: Math.min(1000, args.count - i) }, (_, j) => `P|${(i + j) % 5000}|2026-01-01`);
      store.recordReviews({ id: 1, name: 'acme' }, [{ itemKeys: keys, state: i % 2000 === 0 ? 'explained' : 'resolved', reason: 'timing', note: `batch ${i}` }]);
    }
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  if (args.mode === 'prepare') {
    const ms = await timed(prepare);
    reportResult({ ms });
    return;
  }
  if (args.mode === 'copy') {
    reportResult({ ms: await copyRows() });
    return;
  }
  const db = openCache(args.cachePath);
  try {
    const ms = await withTeam(args.address, args.password, (client) =>
      timed(() => (args.mode === 'push' ? pushTeamChanges(db, client, Date.now) : pullTeamChanges(db, client, args.address.user))),
    );
    reportResult({ ms });
  } finally {
    db.close();
  }
}

await main();
