import type { CacheDatabase } from '../core/cache/index.ts';
import type { Clock, FetchLike, Sleep } from '../core/deps.ts';
import type { Identity } from '../core/identity/identity.ts';
import type { Language } from '../core/language/language.ts';
import type { ReviewStore } from '../core/review/store.ts';
import type { SecretStore } from '../core/secrets.ts';
import type { TeamLink } from '../core/team/sync.ts';

/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Everything a command may use, given rather than imported. */
export interface CliContext {
  /** Arguments after the command name (and after global options were taken out). */
  args: string[];
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** The cache path chosen by --db, CONCILIA_DB or the default. */
  dbPath: string;
  /** Opens (and migrates) the cache on first use; the runner closes it. */
  db(): CacheDatabase;
  /** The review layer of that cache (reviews, sign-offs, audit log, tolerances), made on first use, signing as `identity()`. */
  reviews(): ReviewStore;
  /** The account running the command and its signing key (made on first use). */
  identity(): Identity;
  /** The system locale's language (LC_ALL, LC_MESSAGES, LANG): sentences for people are written in it. */
  language: Language;
  /** The team this cache joined (its server, and the password from CONCILIA_TEAM_PASSWORD or PGPASSWORD), or null: solo. */
  team(): TeamLink | null;
  secrets: SecretStore;
  clock: Clock;
  fetch: FetchLike;
  sleep: Sleep;
  /** Aborted on SIGINT/SIGTERM: long commands stop cleanly. */
  signal: AbortSignal;
}

/** A command's module; its one-line summary is in commands/index.ts (so --help loads none). */
export interface Command {
  /** Full usage text, for `concilia COMMAND --help`. */
  usage: string;
  /** Returns the exit code: 0 success, 1 failure (2, bad usage, is thrown as UsageError). */
  run(ctx: CliContext): Promise<number>;
}

/** Bad usage: exit code 2, one line on stderr, and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on: exit code 1, the message alone on stderr. */
export class CliError extends Error {
  override name = 'CliError';
}
