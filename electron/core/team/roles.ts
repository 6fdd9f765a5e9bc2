/**
 * The roles of a team, as a controller creates them: one login role per accountant, each in the
 * group role concilia_member (review, sign off, assign); concilia_auditor reads everything and
 * writes nothing. Passwords are set by each person or the controller with psql's \password, so
 * none is ever printed or kept by Concilia.
 */
import { TeamError } from './errors.ts';
import type { TeamClient } from './server.ts';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkRoleName(name: string): string {
  if (!ROLE.test(name)) {
    throw new TeamError('invalid_input', `"${name}" cannot be a database role here: use lower-case letters, digits and _, starting with a letter (e.g. ana_perez).`);
  }
  return name;
}

/** The SQL a controller runs (as an owner of the database, or a role with CREATEROLE). */
export function roleScript(database: string, members: readonly string[], auditors: readonly string[] = []): string {
  const lines = [
    `-- Concilia team roles for the database ${database}. Run as the database's owner (or a role with CREATEROLE).`,
    '-- Each accountant logs in with a role of their own: the server records it on everything they do.',
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC;`,
    `GRANT CONNECT ON DATABASE ${database} TO concilia_member, concilia_auditor;`,
  ];
  for (const m of members.map(checkRoleName)) lines.push(`CREATE ROLE ${m} LOGIN IN ROLE concilia_member;`);
  for (const a of auditors.map(checkRoleName)) lines.push(`CREATE ROLE ${a} LOGIN IN ROLE concilia_auditor;`);
  lines.push('-- Then, in psql, set each password (typed, never shown): \\password ROLE');
  return `${lines.join('\n')}\n`;
}

/** Apply the role script (an owner running concilia team init): roles that exist already are left as they are. */
export async function createRoles(client: TeamClient, database: string, members: readonly string[]): Promise<string[]> {
  const created: string[] = [];
  await client.query(`REVOKE ALL ON DATABASE "${database.replace(/"/g, '""')}" FROM PUBLIC`);
  await client.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO concilia_member, concilia_auditor`);
  for (const name of members.map(checkRoleName)) {
    const { rows } = await client.query<{ n: number }>('SELECT 1 AS n FROM pg_roles WHERE rolname = $1', [name]);
    if (rows.length > 0) {
      await client.query(`GRANT concilia_member TO ${name}`);
      continue;
    }
    await client.query(`CREATE ROLE ${name} LOGIN IN ROLE concilia_member`);
    created.push(name);
  }
  return created;
}
