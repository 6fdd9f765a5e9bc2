/**
 * Benchmark — team mode: 100,000 review changes pushed from one laptop's queue to the team's
 * PostgreSQL, and pulled and applied on another laptop, beside a bare COPY of the same rows
 * (same columns, no triggers, no audit chain) in the same run. A throwaway cluster is started
 * for it (as the tests do) and removed after. Each measurement is a fresh process (peak RSS).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openCache } from '../../electron/core/cache/index.ts';
import { addConnection } from '../../electron/core/connections/index.ts';
import type { TeamAddress } from '../../electron/core/team/address.ts';
import { migrateTeamServer, withTeam } from '../../electron/core/team/server.ts';
import { writeTeamSettings } from '../../electron/core/team/settings.ts';
import { createGroupRoles, startCluster } from '../support/postgres-cluster.ts';
import { runWorker } from './lib/child.ts';
import { pairedRatios, spread } from './lib/stats.ts';
import type { BenchRow, Benchmark } from './lib/types.ts';

const WORKER = fileURLToPath(new URL('./workers/team.ts', import.meta.url));
/** Push and pull each within this many times a bare COPY of the same rows. */
export const TEAM_RATIO_TARGET = 25;
export const TEAM_RSS_TARGET_MB = 400;

export const benchmark: Benchmark = {
  name: 'team',
  async run(options) {
    const started = performance.now();
    const count = options.quick ? 10_000 : 100_000;
    const runs = options.quick ? 1 : Math.min(3, options.runs);
    const cluster = await startCluster();
    try {
      await createGroupRoles(cluster);
      const admin = async (sql: string, database = 'postgres'): Promise<void> => {
        const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.adminUser, password: cluster.adminPassword, database });
        client.on('error', () => undefined);
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      };
      await admin("CREATE ROLE bench_owner LOGIN CREATEROLE PASSWORD 'owner'; CREATE ROLE bench_ana LOGIN PASSWORD 'ana' IN ROLE concilia_member");
      await admin('CREATE DATABASE team_template OWNER bench_owner');
      const at = (database: string, user: string): TeamAddress => ({ host: cluster.host, port: cluster.port, database, user, ssl: 'disable' });
      await withTeam(at('team_template', 'bench_owner'), 'owner', (c) => migrateTeamServer(c));

      // Laptop A: N review changes queued offline. Laptop B: joined, nothing pulled yet.
      const pushTemplate = join(options.workDir, 'team-push.sqlite');
      const pullTemplate = join(options.workDir, 'team-pull.sqlite');
      for (const path of [pushTemplate, pullTemplate]) {
        const db = openCache(path);
        addConnection(db, { name: 'acme', kind: 'portal', baseUrl: 'https://portal.example.com', tenant: 'acme', currency: 'COP' }, Date.now);
        db.close();
      }
      // Queued in a worker of its own: a child's peak RSS starts from its parent's size at spawn
      // time (Linux keeps the high-water mark across exec), so the parent stays small.
      await runWorker(WORKER, { mode: 'prepare', address: at('team_template', 'bench_ana'), password: 'ana', cachePath: pushTemplate, count }, { verbose: options.verbose });

      const push: number[] = [];
      const pull: number[] = [];
      const copy: number[] = [];
      const pushRss: number[] = [];
      const pullRss: number[] = [];
      const copyRss: number[] = [];
      for (let run = 0; run < runs; run++) {
        const database = `team_run_${run}`;
        await admin(`CREATE DATABASE ${database} TEMPLATE team_template OWNER bench_owner`);
        const address = at(database, 'bench_ana');
        const pushCache = join(options.workDir, `push-${run}.sqlite`);
        const pullCache = join(options.workDir, `pull-${run}.sqlite`);
        copyFileSync(pushTemplate, pushCache);
        copyFileSync(pullTemplate, pullCache);
        for (const path of [pushCache, pullCache]) {
          const db = openCache(path);
          writeTeamSettings(db, { address, displayName: 'Ana', joinedAt: new Date().toISOString() });
          db.close();
        }
        const base = { address, password: 'ana', count };
        const p = await runWorker(WORKER, { ...base, mode: 'push', cachePath: pushCache }, { verbose: options.verbose });
        const q = await runWorker(WORKER, { ...base, mode: 'pull', cachePath: pullCache }, { verbose: options.verbose });
        // The bare table lives in the database's own schema, which only its owner may create in.
        const c = await runWorker(WORKER, { ...base, address: at(database, 'bench_owner'), password: 'owner', mode: 'copy', cachePath: '' }, { verbose: options.verbose });
        push.push(p.values.ms ?? 0);
        pull.push(q.values.ms ?? 0);
        copy.push(c.values.ms ?? 0);
        pushRss.push(p.maxRssMB);
        pullRss.push(q.maxRssMB);
        copyRss.push(c.maxRssMB);
        await admin(`DROP DATABASE ${database}`);
      }
      const row = (label: string, samples: number[], rss: number[]): BenchRow => {
        const candidateMs = spread(samples);
        const ratio = pairedRatios(samples, copy);
        const candidateRssMB = spread(rss);
        return {
          label,
          count,
          candidateMs,
          baselineMs: spread(copy),
          ratio,
          candidateRssMB,
          baselineRssMB: spread(copyRss),
          extra: { 'Changes/s': `${Math.round(count / (candidateMs.median / 1000)).toLocaleString('en-US')}/s` },
          checks: [
            { target: `≤ ${TEAM_RATIO_TARGET}× bare COPY`, actual: `${ratio.median.toFixed(2)}×`, pass: ratio.median <= TEAM_RATIO_TARGET },
            { target: `peak RSS < ${TEAM_RSS_TARGET_MB} MB`, actual: `${Math.round(candidateRssMB.median)} MB`, pass: candidateRssMB.median < TEAM_RSS_TARGET_MB },
          ],
        };
      };
      return {
        name: 'team',
        title: '8. Team mode: review changes pushed and pulled',
        candidate: "pushTeamChanges (a laptop's queue to the team's PostgreSQL) and pullTeamChanges (another laptop fetching, verifying and applying them)",
        baseline: 'a bare COPY FROM STDIN of the same rows into a table of the same columns, in the same run',
        rows: [row(`push ${count.toLocaleString('en-US')} review changes`, push, pushRss), row(`pull ${count.toLocaleString('en-US')} review changes`, pull, pullRss)],
        notes: [
          `A throwaway PostgreSQL ${cluster.version} cluster on loopback (fsync off, as in the tests); one database per run, made from a migrated template.`,
          'Push: batches of 2,000 in one transaction each, INSERT … SELECT FROM unnest(…) ON CONFLICT (client_id) DO NOTHING; each row fires the server’s triggers (author = session_user, the latest state per item, one hash-chained audit entry under the team lock).',
          'Pull: the server’s audit log a page of 5,000 at a time, every entry’s hash recomputed and linked to the one before, applied to the working copy (review states, this laptop’s own log) in one SQLite transaction per page.',
          'The baseline writes the same columns without any of that: it is the floor, not a like-for-like alternative.',
        ],
        elapsedMs: performance.now() - started,
      };
    } finally {
      cluster.stop();
    }
  },
};
