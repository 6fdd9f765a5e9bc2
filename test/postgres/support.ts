/**
 * A team database of one test file in the run's throwaway cluster: made by the cluster's
 * administrator, its schema applied by an owner role (as `concilia team init` does), and member
 * roles that log in with passwords, as a controller's role script makes them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { TeamAddress } from '../../electron/core/team/address.ts';
import { migrateTeamServer, withTeam } from '../../electron/core/team/server.ts';
import { joinTeam } from '../../electron/core/team/join.ts';
import { createTeamReviewStore, type TeamReviewStore } from '../../electron/core/team/store.ts';
import { syncTeam, type TeamLink, type TeamSyncResult } from '../../electron/core/team/sync.ts';
import type { Identity } from '../../electron/core/identity/index.ts';
import { signFree } from '../../electron/core/review/audit.ts';
import type { JsonValue } from '../../electron/core/review/types.ts';
import { SIGNATURES_SQL } from '../../electron/core/team/push.ts';
import { testIdentity } from '../support/identity.ts';
import type { PostgresCluster } from '../support/postgres-cluster.ts';
import { addConnection, addGrandTotal, addPortalRow, addWindow, NOW, tempCache, type TempCache } from '../unit/reconcile/fixtures.ts';

export interface Login {
  address: TeamAddress;
  password: string;
}

export interface TeamDatabase {
  cluster: PostgresCluster;
  database: string;
  owner: Login;
  /** A member role (LOGIN, IN ROLE concilia_member) with a fresh password. */
  member(name: string): Promise<Login>;
  /** Run SQL as the cluster's administrator in this database. */
  admin<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<T>>;
  drop(): Promise<void>;
}

function unique(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

async function asAdmin<T extends pg.QueryResultRow>(cluster: PostgresCluster, database: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.adminUser, password: cluster.adminPassword, database });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

export function loginOf(cluster: PostgresCluster, database: string, user: string, password: string): Login {
  return { address: { host: cluster.host, port: cluster.port, database, user, ssl: 'disable' }, password };
}

/** A fresh database with the team schema, applied by its owner. */
export async function teamDatabase(cluster: PostgresCluster = inject('postgres'), options: { migrate?: boolean } = {}): Promise<TeamDatabase> {
  const database = unique('team');
  const ownerName = unique('owner');
  const ownerPassword = randomBytes(12).toString('hex');
  // The owner a controller would create: may create roles (the group roles, the members) and owns the database.
  await asAdmin(cluster, 'postgres', `CREATE ROLE ${ownerName} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
  await asAdmin(cluster, 'postgres', `CREATE DATABASE ${database} OWNER ${ownerName}`);
  const owner = loginOf(cluster, database, ownerName, ownerPassword);
  if (options.migrate !== false) await withTeam(owner.address, owner.password, (client) => migrateTeamServer(client));
  const members: string[] = [];
  return {
    cluster,
    database,
    owner,
    async member(name) {
      const role = unique(name);
      const password = randomBytes(12).toString('hex');
      await asAdmin(cluster, database, `CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE concilia_member`);
      members.push(role);
      return loginOf(cluster, database, role, password);
    },
    admin: (sql, params) => asAdmin(cluster, database, sql, params),
    async drop() {
      await asAdmin(cluster, 'postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of [...members, ownerName]) await asAdmin(cluster, 'postgres', `DROP ROLE IF EXISTS ${role}`);
    },
  };
}

/** Run SQL as a login, on its own connection. */
export async function as<T extends pg.QueryResultRow>(login: Login, sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ ...login.address, ssl: false, password: login.password });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

/** What a change's signature says: its action, subject and payload (the connection is acme's). */
export interface SignedWords {
  action: string;
  subject: string | null;
  payload: JsonValue;
}

/**
 * One change as a laptop sends it, straight to the server as `login`: its signature (by `signer`
 * over `words(clientId)`; none when null) and the change itself, in one transaction.
 */
export async function sendSigned(login: Login, signer: Identity | null, words: (clientId: string) => SignedWords, sql: string, params: (clientId: string) => unknown[]): Promise<void> {
  const clientId = randomUUID();
  const client = new pg.Client({ ...login.address, ssl: false, password: login.password });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (signer) {
      const entry = signFree(signer, { at: new Date().toISOString(), connection: 'acme', ...words(clientId) });
      await client.query(SIGNATURES_SQL, [[clientId], [entry.key], [entry.signature], [entry.text]]);
    }
    await client.query(sql, params(clientId));
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** A team of two members, each on their own joined laptop (Ana Pérez prepares, Luis Gómez reviews). */
export interface TeamOfTwo {
  team: TeamDatabase;
  ana: Login;
  ben: Login;
  a: Laptop;
  b: Laptop;
  close(): Promise<void>;
}

export async function teamOfTwo(): Promise<TeamOfTwo> {
  const team = await teamDatabase();
  const ana = await team.member('ana');
  const ben = await team.member('ben');
  const a = await joined(ana, 'Ana Pérez');
  const b = await joined(ben, 'Luis Gómez');
  return {
    team,
    ana,
    ben,
    a,
    b,
    async close() {
      a.close();
      b.close();
      await team.drop();
    },
  };
}

/**
 * A laptop: its own cache holding the same synced figures as every other laptop of the team
 * (each syncs with its own credentials), and the team review store over it.
 */
export interface Laptop {
  cache: TempCache;
  store: TeamReviewStore;
  deps: { db: TempCache['db']; reviews: TeamReviewStore; clock: () => number };
  login: Login;
  sync(): Promise<TeamSyncResult>;
  close(): void;
}

export function laptop(login: Login, clock: () => number = () => NOW, identity: Identity = testIdentity(login.address.user)): Laptop {
  const cache = tempCache();
  const acme = addConnection(cache.db, { name: 'acme', kind: 'portal' });
  const jan = addWindow(cache.db, acme, { kind: 'month', periodStart: '2026-01-01', periodEnd: '2026-01-31' });
  addPortalRow(cache.db, jan, { providerId: '1', invoiced: 100_000, provider: 100_000 });
  addPortalRow(cache.db, jan, { providerId: '2', invoiced: 200_000, provider: 250_000 });
  addPortalRow(cache.db, jan, { providerId: '3', invoiced: 300_000, provider: 290_000 });
  addGrandTotal(cache.db, jan);
  addConnection(cache.db, { name: 'lms', kind: 'payg' });
  const link: TeamLink = { address: login.address, password: () => Promise.resolve(login.password), connectOptions: { connectTimeoutMs: 3000 } };
  const store = createTeamReviewStore(cache.db, clock, identity, link);
  return {
    cache,
    store,
    deps: { db: cache.db, reviews: store, clock },
    login,
    sync: () => syncTeam(cache.db, clock, link),
    close: () => cache.cleanup(),
  };
}

/** A laptop that joined the team, signing as the test account of `displayName` unless told otherwise. */
export async function joined(login: Login, displayName: string, clock?: () => number, identity: Identity = testIdentity(displayName)): Promise<Laptop> {
  const l = laptop(login, clock, identity);
  await joinTeam(l.cache.db, clock ?? (() => NOW), l.store.team, { displayName, identity });
  return l;
}
