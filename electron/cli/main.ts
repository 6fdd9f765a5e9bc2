// Loaded at every start, so kept light: the cache (SQLite) and each command's modules are
// imported only once a command is about to run.
import type { CacheDatabase } from '../core/cache/index.ts';
import { explainSqliteError } from '../core/cache/sqlite-errors.ts';
import { realSleep, systemClock } from '../core/deps.ts';
import type { Identity } from '../core/identity/identity.ts';
import { languageFromEnv } from '../core/language/language.ts';
import type { ReviewStore } from '../core/review/store.ts';
import type { TeamLink } from '../core/team/sync.ts';
import type * as TeamLinkModule from './team-link.ts';
import type * as DescribeModule from '../core/language/describe.ts';
import { EnvSecretStore } from '../core/secrets.ts';
import { redactSecrets } from '../core/redact.ts';
import { commands } from './commands/index.ts';
import { UsageError, type CliContext, type CliIo } from './context.ts';
import { cliFetch, planProxy } from './network.ts';
import { terminalSafe } from './terminal-text.ts';

const VERSION = '0.1.0';

const HELP_HEADER = `concilia — reconcile billing against provider reports and collections, from a local cache.

Usage: concilia [--db PATH] COMMAND [options]

Global options:
  --db PATH     the cache file (default: CONCILIA_DB, else the desktop app's user-data folder)
  --help, -h    this help, or a command's help with COMMAND --help
  --version     the version

Credentials come from the environment at each run and are never written anywhere:
  CONCILIA_TOKEN          portal JWT
  CONCILIA_API_KEY        portal X-API-Key, or the PAYG Bearer key
  CONCILIA_TEAM_PASSWORD  team mode: your database role's password (else PGPASSWORD, else ~/.pgpass)

Who you are is the account of this computer running concilia: every review, sign-off and setting
you change is signed with its key (see concilia identity). Sentences are written in the language
of the system's locale (LC_ALL, LC_MESSAGES or LANG: Spanish for es_*, else English).

Commands:`;

export interface RunOptions {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /**
   * Runs the same command line again in a new Node process with this environment and returns
   * its exit code (launch.ts). Network commands use it when a proxy is set, since Node follows
   * the proxy only when told so at start-up. Without it (in-process callers), no proxy is used.
   */
  relaunch?: (env: NodeJS.ProcessEnv) => Promise<number>;
  /**
   * Who runs the command. By default the operating-system account running this process, with its
   * signing key (made on first use in the user's config folder). In-process callers (tests) pass
   * one, as they pass the environment; no flag or variable of the command line can.
   */
  identity?: () => Identity;
}

/** Run one command line. Returns the exit code: 0 success, 1 failure, 2 bad usage, 3 partial (sync). */
export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  const { io, env } = options;
  const rest = [...argv];
  let dbPath: string | undefined;
  while (rest.length > 0 && rest[0]?.startsWith('-')) {
    const flag = rest.shift();
    if (flag === '--db') {
      dbPath = rest.shift();
      if (!dbPath) return usage(io, '--db needs a path.');
    } else if (flag?.startsWith('--db=')) {
      dbPath = flag.slice('--db='.length);
    } else if (flag === '--help' || flag === '-h') {
      io.stdout.write(helpText());
      return 0;
    } else if (flag === '--version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    } else {
      return usage(io, `unknown option ${String(flag)}.`);
    }
  }
  const name = rest.shift();
  if (name === undefined || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? 2 : 0;
  }
  // Own names only: "constructor" or "__proto__" typed as a command is unknown, not Object's.
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) return usage(io, `unknown command "${name}".`);
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  // --db may also follow the command.
  const dbIndex = rest.indexOf('--db');
  if (dbIndex >= 0) {
    dbPath = rest[dbIndex + 1];
    if (!dbPath) return usage(io, '--db needs a path.');
    rest.splice(dbIndex, 2);
  }
  if (entry.usesNetwork?.(rest)) {
    const proxy = planProxy(env, process.versions.node);
    if (proxy.kind === 'relaunch' && options.relaunch) return options.relaunch(proxy.env);
    if (proxy.kind === 'unsupported') io.stderr.write(`concilia ${name}: ${proxy.message}\n`);
  }
  // The review layer (its store, the audit log's sentences, the signing key) loads only for the
  // commands that use it: status, verify and backup start without it.
  const usesIdentity = entry.usesReviews === true || entry.usesIdentity === true;
  const [{ openCache, defaultCachePath }, { credentialOriginOf }, reviewLayer] = await Promise.all([
    import('../core/cache/index.ts'),
    import('../core/connections/index.ts'),
    usesIdentity ? Promise.all([import('../core/review/sqlite-store.ts'), import('../core/identity/key-file.ts')]) : null,
  ]);
  const needReviewLayer = (): NonNullable<typeof reviewLayer> => {
    if (reviewLayer === null) throw new Error(`concilia ${name} is not marked as using reviews or identities (electron/cli/commands/index.ts).`);
    return reviewLayer;
  };
  const resolvedDbPath = dbPath ?? defaultCachePath(env);
  let db: CacheDatabase | undefined;
  let reviews: ReviewStore | undefined;
  let identity: Identity | undefined;
  const whoAmI = (): Identity => {
    if (identity) return identity;
    if (options.identity) return (identity = options.identity());
    const { osIdentity, defaultKeyPath } = needReviewLayer()[1];
    return (identity = osIdentity(defaultKeyPath(env)));
  };
  const language = languageFromEnv(env);
  const openDb = (): CacheDatabase => (db ??= openCache(resolvedDbPath));
  // Team mode (and the PostgreSQL client) loads only for a command of the review layer on a
  // cache that joined a team; every other command starts as fast as before.
  // (Found inside the try below: a cache that cannot be opened is said in one line, as for any command.)
  let team: typeof TeamLinkModule | null = null;
  let link: TeamLink | null = null;
  // The environment's credentials belong to the origin each connection was added with.
  const secrets = new EnvSecretStore(env, (connection) => credentialOriginOf(openDb(), connection));
  const ctx: CliContext = {
    args: rest,
    io,
    env,
    dbPath: resolvedDbPath,
    db: openDb,
    reviews: () => (reviews ??= team === null ? needReviewLayer()[0].createSqliteReviewStore(openDb(), ctx.clock, whoAmI) : team.reviewStoreOf(openDb(), ctx.clock, whoAmI, link)),
    team: () => link,
    identity: whoAmI,
    language,
    secrets,
    clock: systemClock,
    fetch: cliFetch(),
    sleep: realSleep,
    signal: options.signal ?? new AbortController().signal,
  };
  try {
    if (entry.usesReviews === true && (await joinedTeam(openDb))) {
      team = await import('./team-link.ts');
      link = team.teamLinkOf(openDb(), env);
    }
    if (team !== null && entry.teamSync === true) await team.syncQuietly(ctx, name, 'before');
    const code = await command.run(ctx);
    if (team !== null && entry.teamSync === true) await team.syncQuietly(ctx, name, 'after');
    return code;
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message, name);
    // SQLite's own words ("database disk image is malformed") become what to do; a refusal with
    // its data is said in the system's language; other errors as they were written.
    const sqlite = error instanceof Error && error.name === 'SqliteError' ? explainSqliteError(error) : null;
    const problem = error instanceof Error && 'problem' in error ? (error as { problem?: Parameters<typeof DescribeModule.describeProblem>[0] }).problem : undefined;
    // The sentences of a refusal load only when one is to be said.
    const describeProblem = problem === undefined ? null : (await import('../core/language/describe.ts')).describeProblem;
    const message = isCacheBusy(error) ? CACHE_BUSY_MESSAGE : (sqlite ?? (problem !== undefined && describeProblem !== null ? describeProblem(problem, language) : error instanceof Error ? error.message : String(error)));
    io.stderr.write(`concilia ${name}: ${terminalSafe(redactSecrets(message, env), 1000)}\n`);
    return 1;
  } finally {
    db?.close();
  }
}

/** Whether the cache joined a team (a setting; the team's modules are not loaded to know it). */
async function joinedTeam(openDb: () => CacheDatabase): Promise<boolean> {
  const { readSetting } = await import('../core/cache/settings.ts');
  return readSetting(openDb(), 'team.server') !== null;
}

const CACHE_BUSY_MESSAGE = 'another Concilia process is using the cache (the desktop app or another command); try again when it has finished.';

/** SQLite's busy timeout ran out: another process holds the cache's write lock. */
function isCacheBusy(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    current = current.cause;
  }
  return false;
}

function usage(io: CliIo, message: string, command?: string): number {
  io.stderr.write(`concilia${command ? ` ${command}` : ''}: ${message} See concilia ${command ? `${command} ` : ''}--help.\n`);
  return 2;
}

function helpText(): string {
  const lines = [HELP_HEADER, ...Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(14)}${entry.summary}`)];
  return `${lines.join('\n')}\n`;
}
