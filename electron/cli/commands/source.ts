import { addConnection, connectionInputOf, getConnection, listConnections, removeConnection, setConnectionUrl, type Connection } from '../../core/connections/index.ts';
import { originOf } from '../../core/secrets.ts';
import { testConnection } from '../../core/sync/test-connection.ts';
import { ConnectionAddInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type CliContext, type Command } from '../context.ts';
import { announceDestination } from '../destination.ts';
import { parseInput } from '../input.ts';
import { checkEnvCredentials } from './sync.ts';

const USAGE = `Usage:
  concilia source add NAME --kind portal --base-url URL --tenant T --currency CUR [--tolerance AMOUNT] [--tolerance-pct PCT]
  concilia source add NAME --kind payg --base-url URL
  concilia source list [--json]
  concilia source remove NAME
  concilia source test NAME
  concilia source set-url NAME URL

Connections are kept in the cache; their credentials never are. The command line reads them from
the environment at each run: CONCILIA_TOKEN (portal JWT) and CONCILIA_API_KEY (portal X-API-Key,
or the PAYG key). Base URLs must use https (plain http only for this computer, e.g. the sandbox).
Before sending, sync and source test print the server the credentials go to, and refuse when the
cache's address is not the one the connection was added with. set-url is the one way to move a
connection to another address; the change is recorded in the audit log, signed by you (the
account of this computer running concilia). The saved tolerance changes with concilia tolerance.
--tolerance is an amount in the connection's currency (e.g. 5.00); --tolerance-pct a percent (0.5).`;

function add(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, {
    kind: { type: 'string' },
    'base-url': { type: 'string' },
    tenant: { type: 'string' },
    currency: { type: 'string' },
    tolerance: { type: 'string' },
    'tolerance-pct': { type: 'string' },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('source add takes one NAME.');
  const portalOnly = { tenant: values.tenant, currency: values.currency?.trim().toUpperCase(), toleranceAbs: values.tolerance, tolerancePct: values['tolerance-pct'] };
  if (values.kind === 'payg' && Object.values(portalOnly).some((v) => v !== undefined)) {
    throw new UsageError('--tenant, --currency and the tolerances apply to portal connections only.');
  }
  const input = parseInput(
    ConnectionAddInput,
    { kind: values.kind, name, baseUrl: values['base-url'], ...(values.kind === 'payg' ? {} : portalOnly) },
    { kind: '--kind', name: 'NAME', baseUrl: '--base-url', tenant: '--tenant', currency: '--currency', toleranceAbs: '--tolerance', tolerancePct: '--tolerance-pct' },
  );
  const connection = addConnection(ctx.db(), connectionInputOf(input), ctx.clock);
  ctx.io.stdout.write(`Added ${connection.kind} connection "${connection.name}" (${describe(connection)}).\n`);
  const needed = connection.kind === 'portal' ? 'CONCILIA_TOKEN and CONCILIA_API_KEY' : 'CONCILIA_API_KEY';
  ctx.io.stdout.write(`To sync it, set ${needed} in the environment, then: concilia sync ${connection.name} --from YYYY-MM-DD --to YYYY-MM-DD\n`);
  return 0;
}

function describe(c: Connection): string {
  return c.kind === 'portal' ? `${c.baseUrl}, tenant ${c.tenant ?? ''}, ${c.currency ?? ''}` : c.baseUrl;
}

function list(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError('source list takes no NAME.');
  const connections = listConnections(ctx.db());
  if (values.json) {
    ctx.io.stdout.write(`${JSON.stringify(connections, null, 2)}\n`);
    return 0;
  }
  if (connections.length === 0) {
    ctx.io.stdout.write('No connections yet. Add one with: concilia source add NAME --kind portal|payg --base-url URL ...\n');
    return 0;
  }
  const width = Math.max(4, ...connections.map((c) => c.name.length));
  ctx.io.stdout.write(`${'NAME'.padEnd(width)}  KIND    DETAILS\n`);
  for (const c of connections) ctx.io.stdout.write(`${c.name.padEnd(width)}  ${c.kind.padEnd(6)}  ${describe(c)}\n`);
  return 0;
}

function remove(ctx: CliContext, args: string[]): number {
  const { positionals } = parseCommandArgs(args, {});
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('source remove takes one NAME.');
  removeConnection(ctx.db(), name);
  ctx.io.stdout.write(`Removed connection "${name}" and everything cached for it.\n`);
  return 0;
}

async function test(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {});
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('source test takes one NAME.');
  const db = ctx.db();
  const connection = getConnection(db, name);
  checkEnvCredentials(ctx.env, connection.kind);
  announceDestination(ctx, connection);
  const result = await testConnection({ db, fetch: ctx.fetch, clock: ctx.clock, sleep: ctx.sleep, secrets: ctx.secrets }, name, { signal: ctx.signal });
  if (!result.ok) throw new CliError(result.message);
  ctx.io.stdout.write(`${result.message}\n`);
  return 0;
}

function setUrl(ctx: CliContext, args: string[]): number {
  const { positionals } = parseCommandArgs(args, {});
  const [name, url] = positionals;
  if (!name || !url || positionals.length > 2) throw new UsageError('source set-url takes a NAME and the new URL.');
  const db = ctx.db();
  const before = getConnection(db, name);
  const reviews = ctx.reviews();
  const change = setConnectionUrl(db, name, url, { audit: reviews });
  const after = change.connection;
  if (after.baseUrl === before.baseUrl && !change.originChanged) {
    ctx.io.stdout.write(`Connection "${name}" already points at ${after.baseUrl}; nothing changed.\n`);
    return 0;
  }
  ctx.io.stdout.write(`Connection "${name}" now points at ${after.baseUrl} (was ${before.baseUrl}); recorded in the audit log, signed by ${reviews.account(reviews.identity.accountId)?.displayName ?? reviews.identity.displayName}.\n`);
  if (change.originChanged) {
    const needed = after.kind === 'portal' ? 'CONCILIA_TOKEN and CONCILIA_API_KEY' : 'CONCILIA_API_KEY';
    ctx.io.stdout.write(`Its credentials now go to ${originOf(after.baseUrl)} instead of ${before.credentialOrigin}: set ${needed} to the credentials of that server.\n`);
  }
  return 0;
}

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    switch (sub) {
      case 'add':
        return add(ctx, rest);
      case 'list':
        return list(ctx, rest);
      case 'remove':
        return remove(ctx, rest);
      case 'test':
        return test(ctx, rest);
      case 'set-url':
        return setUrl(ctx, rest);
      default:
        throw new UsageError(sub === undefined ? 'source needs add, list, remove, test or set-url.' : `unknown source command "${sub}".`);
    }
  },
};
