/**
 * Talking to the team's PostgreSQL: one client per task (a push, a pull, a sign-off), opened
 * with the member's own role and closed after, and the schema brought up to date by the team's
 * numbered, hash-checked migrations (the same rule as the cache's).
 */
import pg from 'pg';
import { MigrationError, migrationHash, migrationsToApply, type AppliedMigration, type MigrationTarget } from '../cache/index.ts';
import type { TeamAddress } from './address.ts';
import { teamUrl } from './address.ts';
import { TeamError, teamError } from './errors.ts';
import { teamMigrations } from './schema/index.ts';

export type TeamClient = pg.Client;

export interface TeamConnectOptions {
  /** Milliseconds to wait for the server to answer the connection; default 10 s. */
  connectTimeoutMs?: number;
  /** Milliseconds any one statement may run; default 60 s. */
  statementTimeoutMs?: number;
}

/** Open a client as the member's role. Errors come back as TeamError in words. */
export async function connectTeam(address: TeamAddress, password: string | null, options: TeamConnectOptions = {}): Promise<TeamClient> {
  const client = new pg.Client({
    host: address.host,
    port: address.port,
    database: address.database,
    user: address.user,
    ...(password === null ? {} : { password }),
    ssl: address.ssl === 'disable' ? false : { rejectUnauthorized: address.ssl === 'verify-full' },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    application_name: 'concilia',
  });
  // A connection cut later (server restart) is reported by the query that needed it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw teamError(error, teamUrl(address));
  }
  return client;
}

/** Run `work` with a fresh client, closing it whatever happens; errors in words. */
export async function withTeam<T>(address: TeamAddress, password: string | null, work: (client: TeamClient) => Promise<T>, options?: TeamConnectOptions): Promise<T> {
  const client = await connectTeam(address, password, options);
  try {
    return await work(client);
  } catch (error) {
    // A schema this Concilia does not know says so itself.
    if (error instanceof MigrationError) throw error;
    throw teamError(error, teamUrl(address));
  } finally {
    await client.end().catch(() => undefined);
  }
}

const TEAM_TARGET: MigrationTarget = {
  noun: 'team database',
  newerHint: 'Update Concilia on this computer to the version the team uses.',
  untouched: 'The team database was not changed.',
};

/** Any number; only one Concilia migrates a team database at a time. */
const MIGRATION_LOCK = 726170;

/**
 * Bring the team schema to the newest version (creating it on an empty database). Needs a role
 * that may create schemas in the database, and roles (for the two group roles) on first run.
 */
export async function migrateTeamServer(client: TeamClient): Promise<{ applied: number[] }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS concilia`);
    await client.query(`CREATE TABLE IF NOT EXISTS concilia.schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), applied_by name NOT NULL DEFAULT session_user)`);
    const { rows } = await client.query<AppliedMigration>('SELECT version, name, sha256 FROM concilia.schema_migration ORDER BY version');
    const applied: number[] = [];
    for (const migration of migrationsToApply(rows, teamMigrations, TEAM_TARGET)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO concilia.schema_migration (version, name, sha256) VALUES ($1, $2, $3)', [migration.version, migration.name, migrationHash(migration)]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push(migration.version);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}

/** Check, without changing anything, that the team schema is the one this Concilia knows. */
export async function checkTeamSchema(client: TeamClient): Promise<void> {
  const { rows } = await client.query<AppliedMigration>('SELECT version, name, sha256 FROM concilia.schema_migration ORDER BY version');
  const pending = migrationsToApply(rows, teamMigrations, TEAM_TARGET);
  if (pending.length > 0) {
    throw new TeamError('conflict', 'The team database is older than this Concilia: the controller runs concilia team init again to update it.');
  }
}

/** What the connected role may do: create roles (an owner applying the role script), or only be a member. */
export async function roleAbilities(client: TeamClient): Promise<{ role: string; canCreateRoles: boolean; isMember: boolean }> {
  const { rows } = await client.query<{ role: string; can_create: boolean; is_member: boolean }>(
    `SELECT session_user::text AS role, (r.rolsuper OR r.rolcreaterole) AS can_create,
            coalesce(pg_has_role(session_user, 'concilia_member', 'MEMBER'), false) AS is_member
       FROM pg_roles r WHERE r.rolname = session_user`,
  );
  const row = rows[0];
  return { role: row?.role ?? '', canCreateRoles: row?.can_create ?? false, isMember: row?.is_member ?? false };
}
