/**
 * Joining a team: the server is checked (reachable, the member's role, the schema this Concilia
 * knows), the member says the name they are shown by (and registers this computer account's
 * signing key), the address is kept in the cache — never the password — and
 * the reviews this laptop already holds are queued, so the team sees them on the first push.
 * Leaving keeps everything local and stops the queue.
 */
import type { WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { signFree } from '../review/audit.ts';
import { teamUrl, type TeamAddress } from './address.ts';
import { TeamError } from './errors.ts';
import { enqueue, queueOwnRegistration } from './outbox.ts';
import { readTeamSettings, writeTeamSettings, type TeamSettings } from './settings.ts';
import { roleAbilities } from './server.ts';
import { syncTeam, type TeamLink, type TeamSyncResult } from './sync.ts';
import { checkTeamSchema, withTeam } from './server.ts';

export interface JoinInput {
  displayName: string;
  /** This computer account's identity: its key is registered to the member's role, and it signs what the member shares. */
  identity: Identity;
}

export interface JoinResult {
  settings: TeamSettings;
  role: string;
  queued: number;
  sync: TeamSyncResult;
}

export async function joinTeam(db: WritableDB, clock: Clock, link: TeamLink, input: JoinInput): Promise<JoinResult> {
  const displayName = input.displayName.trim();
  if (displayName === '') throw new TeamError('invalid_input', 'Say the name your team will see you by.');
  const password = await link.password();
  const role = await withTeam(
    link.address,
    password,
    async (client) => {
      await checkTeamSchema(client);
      const abilities = await roleAbilities(client);
      if (!abilities.isMember) {
        throw new TeamError('rejected', `The database role ${abilities.role} is not a member of the team (concilia_member): ask the controller to add it.`);
      }
      await client.query('SELECT concilia.register_member($1, $2, $3)', [displayName, input.identity.accountId, input.identity.publicKey]);
      return abilities.role;
    },
    link.connectOptions,
  );
  const settings: TeamSettings = { address: link.address, displayName, joinedAt: isoInstant(clock()) };
  const queued = db.transaction(() => {
    const already = readTeamSettings(db);
    writeTeamSettings(db, settings);
    // The key's registration first, so every laptop can check what it signs.
    queueOwnRegistration(db, clock, input.identity);
    if (already !== null && sameServer(already.address, link.address)) return 0;
    // What this laptop reviewed before joining becomes the team's, as of now, signed by the member who shares it.
    const rows = db
      .prepare<[], { name: string; item_key: string; state: string; reason: string | null; note: string | null }>(
        'SELECT c.name, r.item_key, r.state, r.reason, r.note FROM review r JOIN connection c ON c.id = r.connection_id ORDER BY c.name, r.item_key',
      )
      .all();
    const now = isoInstant(clock());
    for (const r of rows) {
      const signed = signFree(input.identity, { at: now, action: 'review.set', connection: r.name, subject: r.item_key, payload: { itemKey: r.item_key, state: r.state, reason: r.reason, note: r.note, shared: true } });
      enqueue(db, 'review', r.name, r.item_key, { state: r.state, reason: r.reason, note: r.note, basedOn: null, signed }, now);
    }
    return rows.length;
  }).immediate();
  const sync = await syncTeam(db, clock, link);
  return { settings, role, queued, sync };
}

function sameServer(a: TeamAddress, b: TeamAddress): boolean {
  return teamUrl(a) === teamUrl(b);
}

/** Back to solo: the address is forgotten; reviews, sign-offs and the log stay on this laptop. */
export function leaveTeam(db: WritableDB): void {
  writeTeamSettings(db, null);
}
