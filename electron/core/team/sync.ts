/**
 * The team link: where the server is and how to get the member's password (the app's secret
 * store, the command line's environment), and the two things done over it — a sync (push this
 * laptop's queue, then pull the others' changes) and a sign-off (which the server must accept
 * before it counts).
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { WritableDB } from '../cache/index.ts';
import { isoInstant, type Clock } from '../deps.ts';
import type { Identity } from '../identity/identity.ts';
import { appendForeign, displayNameOf, registerIdentity, signFree } from '../review/audit.ts';
import { keepPulledSignoff } from '../review/signoff-rows.ts';
import type { ConnectionRef, NewSignoff, Signoff } from '../review/types.ts';
import { teamUrl, type TeamAddress } from './address.ts';
import { TeamError, teamError } from './errors.ts';
import { pendingCount, queueOwnRegistration } from './outbox.ts';
import { pullTeamChanges, type TeamNotice } from './pull.ts';
import { ensureConnections, pushTeamChanges, SIGNATURES_SQL } from './push.ts';
import { checkTeamSchema, withTeam, type TeamClient, type TeamConnectOptions } from './server.ts';

export interface TeamLink {
  address: TeamAddress;
  /** The member's password, from where this face keeps it; null when none is needed (trust, certificates). */
  password: () => Promise<string | null>;
  connectOptions?: TeamConnectOptions;
}

export interface TeamSyncResult {
  pushed: number;
  pulled: number;
  /** Changes still queued (0 after a successful sync). */
  pending: number;
  notices: TeamNotice[];
}

async function onServer<T>(link: TeamLink, work: (client: TeamClient) => Promise<T>): Promise<T> {
  const password = await link.password();
  return withTeam(
    link.address,
    password,
    async (client) => {
      await checkTeamSchema(client);
      return work(client);
    },
    link.connectOptions,
  );
}

/** Push this laptop's queued changes, then pull everybody's. */
export async function syncTeam(db: WritableDB, clock: Clock, link: TeamLink, options: { batchSize?: number } = {}): Promise<TeamSyncResult> {
  return onServer(link, async (client) => {
    const pushed = await pushTeamChanges(db, client, clock, options);
    const { pulled, notices } = await pullTeamChanges(db, client, link.address.user);
    return { pushed, pulled, pending: pendingCount(db), notices };
  });
}

/**
 * A sign-off in team mode: this laptop's queue first (the server must hold the states it saw),
 * then the sign-off, which the server checks and records as the member's role; only then is it
 * kept here. Unreachable: refused, nothing recorded, and the user is told why.
 */
export async function signOnServer(db: WritableDB, clock: Clock, identity: Identity, link: TeamLink, connection: ConnectionRef, signoff: NewSignoff): Promise<Signoff> {
  try {
    // This account's key goes to the team before the first thing it signs there.
    db.transaction(() => {
      registerIdentity(db, clock, identity);
      queueOwnRegistration(db, clock, identity);
    }).immediate();
    return await onServer(link, async (client) => {
      await pushTeamChanges(db, client, clock);
      await pullTeamChanges(db, client, link.address.user);
      await ensureConnections(db, client, [connection.name]);
      const clientId = randomUUID();
      const signedAt = isoInstant(clock());
      // What the signer attests, signed before the server sees it; the server keeps it with the sign-off's entry.
      const signed = signFree(identity, {
        at: signedAt,
        action: 'signoff.sign',
        connection: connection.name,
        subject: `signoff:${clientId}`,
        payload: { clientId, from: signoff.from, to: signoff.to, period: signoff.period, role: signoff.role, dataHash: signoff.dataHash, figuresHash: signoff.figuresHash, attested: signoff.attested },
      });
      await client.query('BEGIN');
      let row: { id: number; signed_at: string } | undefined;
      try {
        await client.query(SIGNATURES_SQL, [[clientId], [signed.key], [signed.signature], [signed.text]]);
        ({ rows: [row] } = await client.query<{ id: number; signed_at: string }>(
          `INSERT INTO concilia.signoff (client_id, connection, range_from, range_to, period_kind, role, data_hash, figures_gzip, items, figures_hash, attested)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::int AS id, signed_at`,
          [clientId, connection.name, signoff.from, signoff.to, signoff.period, signoff.role, signoff.dataHash, gzipSync(signoff.statementText), JSON.stringify(signoff.items), signoff.figuresHash, JSON.stringify(signoff.attested)],
        ));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      if (!row) throw new TeamError('internal', 'The team server did not return the sign-off it recorded.');
      const teamId = row.id;
      // Kept here as the server recorded it, with the very entry sent (not signed again): every
      // laptop of the team holds the same signed entry for it, at the same time.
      const kept = db.transaction(() => {
        const local = keepPulledSignoff(db, connection, signoff, { accountId: identity.accountId, author: displayNameOf(db, identity.accountId), signedAt });
        db.prepare('UPDATE signoff SET team_id = ? WHERE id = ?').run(teamId, local.id);
        appendForeign(db, signed);
        return local;
      }).immediate();
      await pullTeamChanges(db, client, link.address.user);
      return kept;
    });
  } catch (error) {
    const refused = teamError(error, teamUrl(link.address));
    if (refused.kind === 'offline') {
      throw new TeamError(
        'offline',
        `The team server ${teamUrl(link.address)} cannot be reached, and a sign-off in team mode counts only once the server has accepted it: nothing was signed. Try again when it is back.`,
        refused.code,
        { cause: error },
      );
    }
    throw refused;
  }
}
