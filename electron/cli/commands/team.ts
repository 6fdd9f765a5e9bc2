import { parseTeamUrl, teamUrl } from '../../core/team/address.ts';
import { joinTeam, leaveTeam } from '../../core/team/join.ts';
import { pendingCount } from '../../core/team/outbox.ts';
import { createRoles, roleScript } from '../../core/team/roles.ts';
import { migrateTeamServer, roleAbilities, withTeam } from '../../core/team/server.ts';
import { readTeamSettings } from '../../core/team/settings.ts';
import { syncTeam, type TeamLink } from '../../core/team/sync.ts';
import { getConnection } from '../../core/connections/index.ts';
import { TeamAssignInput, TeamJoinInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type CliContext, type Command } from '../context.ts';
import { parseInput } from '../input.ts';
import { syncQuietly, teamPassword } from '../team-link.ts';

const USAGE = `Usage: concilia team init postgres://OWNER@HOST:PORT/DATABASE [--member ROLE]...
       concilia team join postgres://ROLE@HOST:PORT/DATABASE --name "Your Name"
       concilia team sync | status | leave
       concilia team assign NAME --month YYYY-MM --to ROLE [--due YYYY-MM-DD]

Team mode keeps reviews, sign-offs, the audit log, tolerances and assignments in the team's
PostgreSQL (14 or newer); each laptop keeps syncing its own upstream data.

init    as the database's owner: creates or updates the team schema; with --member, and a role
        that may create roles, creates those login roles; otherwise prints the script to run.
join    this cache joins the team as your own database role; reviews already here are shared.
sync    sends this laptop's queued changes and fetches the team's.
status  the team server, your role, changes waiting to be sent.
assign  who prepares a connection's month, and by when.
leave   back to solo: everything stays on this computer.

The password is read from CONCILIA_TEAM_PASSWORD (else PGPASSWORD, else ~/.pgpass) and is never
written anywhere. See docs/TEAM.md.`;

function address(url: string | undefined) {
  if (url === undefined) throw new UsageError('say the team database: postgres://ROLE@HOST:PORT/DATABASE.');
  const { address: parsed, password } = parseTeamUrl(url);
  if (password !== null) throw new UsageError('put the password in CONCILIA_TEAM_PASSWORD, not in the connection string (it would stay in your shell history).');
  return parsed;
}

function link(ctx: CliContext, url: string | undefined): TeamLink {
  return { address: address(url), password: () => Promise.resolve(teamPassword(ctx.env)), connectOptions: { connectTimeoutMs: 10_000 } };
}

function joinedLink(ctx: CliContext): TeamLink {
  const current = ctx.team();
  if (current === null) throw new CliError('This cache has not joined a team: concilia team join postgres://ROLE@HOST/DATABASE --name "Your Name".');
  return current;
}

async function init(ctx: CliContext, rest: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(rest, { member: { type: 'string', multiple: true } });
  if (positionals.length !== 1) throw new UsageError('team init takes the team database: postgres://OWNER@HOST:PORT/DATABASE.');
  const target = link(ctx, positionals[0]);
  const members = values.member ?? [];
  const out = await withTeam(target.address, await target.password(), async (client) => {
    const migrated = await migrateTeamServer(client);
    const abilities = await roleAbilities(client);
    const created = abilities.canCreateRoles && members.length > 0 ? await createRoles(client, target.address.database, members) : null;
    return { migrated, abilities, created };
  });
  const { migrated, abilities, created } = out;
  ctx.io.stdout.write(
    migrated.applied.length === 0
      ? `The team schema of ${teamUrl(target.address)} is up to date.\n`
      : `The team schema of ${teamUrl(target.address)} is ready (migration ${migrated.applied.join(', ')} applied as ${abilities.role}).\n`,
  );
  if (created !== null) {
    ctx.io.stdout.write(
      `${created.length === 0 ? 'Every member role already existed; each is in concilia_member.' : `Created the login roles ${created.join(', ')} (in concilia_member).`}\n` +
        'Set each password in psql (typed, never shown): \\password ROLE. Then each accountant runs concilia team join.\n',
    );
  } else {
    ctx.io.stdout.write(`\nThe roles, for the controller to run as the database's owner:\n\n${roleScript(target.address.database, members.length > 0 ? members : ['ana_perez', 'luis_gomez'])}`);
  }
  return 0;
}

async function join(ctx: CliContext, rest: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(rest, { name: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('team join takes the team database: postgres://ROLE@HOST:PORT/DATABASE.');
  const input = parseInput(TeamJoinInput, { url: positionals[0], displayName: values.name }, { url: 'the team database', displayName: '--name' });
  const target = link(ctx, input.url);
  const result = await joinTeam(ctx.db(), ctx.clock, target, { displayName: input.displayName, identity: ctx.identity() });
  ctx.io.stdout.write(
    `Joined the team at ${teamUrl(target.address)} as ${result.role} (shown as ${input.displayName}).\n` +
      `${result.queued > 0 ? `${result.queued} review(s) already on this computer were shared. ` : ''}Sent ${result.sync.pushed}, received ${result.sync.pulled} change(s).\n`,
  );
  return 0;
}

async function sync(ctx: CliContext): Promise<number> {
  const result = await syncTeam(ctx.db(), ctx.clock, joinedLink(ctx));
  ctx.io.stdout.write(`Sent ${result.pushed}, received ${result.pulled} change(s); ${result.pending} waiting.\n`);
  for (const n of result.notices) {
    ctx.io.stdout.write(
      `${n.connection} ${n.itemKey}: two changes crossed — ${n.replaced.author}'s (${n.replaced.state}) and ${n.standing.author}'s (${n.standing.state}); ${n.standing.author}'s, the later on the team server, stands. Both are in the item's history.\n`,
    );
  }
  return 0;
}

function status(ctx: CliContext): number {
  const settings = readTeamSettings(ctx.db());
  if (settings === null) {
    ctx.io.stdout.write('Solo: this cache keeps its reviews and sign-offs on this computer only.\n');
    return 0;
  }
  ctx.io.stdout.write(
    `Team server: ${teamUrl(settings.address)}\nRole: ${settings.address.user} (shown as ${settings.displayName})\nJoined: ${settings.joinedAt}\nWaiting to be sent: ${pendingCount(ctx.db())}\n`,
  );
  return 0;
}

async function assign(ctx: CliContext, rest: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(rest, { month: { type: 'string' }, to: { type: 'string' }, due: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('say which connection: concilia team assign NAME --month YYYY-MM --to ROLE.');
  const input = parseInput(
    TeamAssignInput,
    { connection: positionals[0], month: values.month, assignee: values.to ?? null, dueDate: values.due ?? null },
    { connection: 'NAME', month: '--month', assignee: '--to', dueDate: '--due' },
  );
  joinedLink(ctx);
  const connection = getConnection(ctx.db(), input.connection);
  // The team's members as of now, then the assignment signed by this account and sent.
  await syncQuietly(ctx, 'team assign', 'before');
  ctx.reviews().assign(connection, { month: input.month, assignee: input.assignee, dueDate: input.dueDate ?? null });
  await syncQuietly(ctx, 'team assign', 'after');
  ctx.io.stdout.write(`${connection.name} ${input.month}: ${input.assignee === null ? 'nobody assigned' : `prepared by ${input.assignee}`}${input.dueDate ? `, due ${input.dueDate}` : ''}.\n`);
  return 0;
}

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    switch (sub) {
      case 'init':
        return init(ctx, rest);
      case 'join':
        return join(ctx, rest);
      case 'sync':
        parseCommandArgs(rest, {}, false);
        return sync(ctx);
      case 'status':
        parseCommandArgs(rest, {}, false);
        return status(ctx);
      case 'assign':
        return assign(ctx, rest);
      case 'leave':
        parseCommandArgs(rest, {}, false);
        leaveTeam(ctx.db());
        ctx.io.stdout.write('Back to solo: reviews, sign-offs and the audit log stay on this computer.\n');
        return 0;
      default:
        throw new UsageError(sub === undefined ? 'say init, join, sync, status, assign or leave.' : `unknown team action "${sub}".`);
    }
  },
};
