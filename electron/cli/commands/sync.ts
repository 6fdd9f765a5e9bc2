import { getConnection, isLoopbackHost, type ConnectionKind } from '../../core/connections/index.ts';
import type { RateLimit } from '../../core/http/limiter.ts';
import { refreshBillingPeriod, syncConnection, type SyncProgress, type SyncResult } from '../../core/sync/index.ts';
import { SyncStartInput } from '../../contract/inputs.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError, type CliContext, type CliIo, type Command } from '../context.ts';
import { announceDestination } from '../destination.ts';
import { parseInput } from '../input.ts';
import { terminalSafe } from '../terminal-text.ts';

const USAGE = `Usage:
  concilia sync NAME --from YYYY-MM-DD --to YYYY-MM-DD [--period month|week|range] [--force] [--providers ID,ID,...] [--json]
  concilia sync NAME --id ID          refresh one PAYG billing period

Fetches the range from the upstream into the cache, period by period (calendar months by default,
ISO weeks Monday to Sunday, or the whole range), each stored in one step: an interrupted sync leaves
every window either as it was or complete, and running the same command again completes it.
Windows fetched less than 5 minutes ago, and settled PAYG periods, are not fetched again unless
--force is given. The portal is paced at its documented 10 requests per minute.

A PAYG window is stored complete only when its listing is self-consistent; a billing period is
removed only when the service answers 404 for it by id (it then moves to the removal history).
Incomplete windows say why, and a plain sync always tries them again.

Credentials come from the environment: CONCILIA_TOKEN and CONCILIA_API_KEY (portal), or
CONCILIA_API_KEY (PAYG). CONCILIA_MAX_RESPONSE_MB caps one reply (default 64).

Exit codes: 0 everything stored complete; 3 partial (something stored, but a window is
incomplete or failed: run the same command again); 1 nothing stored, or failed; 2 bad usage.`;

/** Exit code of a sync that stored something but not everything (see the README). */
export const EXIT_PARTIAL = 3;

/** Name the variable to set, before any request is made. */
export function checkEnvCredentials(env: NodeJS.ProcessEnv, kind: 'portal' | 'payg'): void {
  const needed = kind === 'portal' ? ['CONCILIA_TOKEN', 'CONCILIA_API_KEY'] : ['CONCILIA_API_KEY'];
  const missing = needed.filter((name) => !env[name]);
  if (missing.length > 0) {
    const what = kind === 'portal' ? 'the portal JWT (CONCILIA_TOKEN) and X-API-Key (CONCILIA_API_KEY)' : 'the PAYG API key (CONCILIA_API_KEY)';
    throw new CliError(`Set ${missing.join(' and ')} in the environment: a ${kind} connection needs ${what}. The command line never stores credentials.`);
  }
}

/**
 * CONCILIA_RATE_LIMIT=MAX/WINDOW_MS paces a sync against the sandbox on a fast window. Honoured
 * for loopback addresses only, so it can never make a real upstream refuse us.
 */
function rateLimitOverride(env: NodeJS.ProcessEnv, baseUrl: string): RateLimit | undefined {
  const text = env.CONCILIA_RATE_LIMIT;
  if (!text) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError('CONCILIA_RATE_LIMIT must be MAX/WINDOW_MS, such as 10/60000.');
  if (!isLoopbackHost(new URL(baseUrl).hostname)) return undefined;
  return { max: Math.max(1, Number(match[1])), windowMs: Math.max(1, Number(match[2])) };
}

/** CONCILIA_MAX_RESPONSE_MB: the largest reply read, in MB (default 64). */
function responseCap(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.CONCILIA_MAX_RESPONSE_MB;
  if (!text) return undefined;
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) < 1) throw new UsageError('CONCILIA_MAX_RESPONSE_MB must be a whole number of megabytes, such as 64.');
  return Number(text) * 1024 * 1024;
}

/** A bar on a terminal, plain lines when written to a file or a pipe. */
function progressPrinter(io: CliIo): { update(p: SyncProgress): void; end(): void } {
  const tty = io.stderr.isTTY === true;
  let lastLine = '';
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        const width = 24;
        const filled = p.windowsTotal === 0 ? width : Math.round((p.windowsDone / p.windowsTotal) * width);
        const wait = p.waitSeconds > 0 ? ` · waiting ${p.waitSeconds} s for the rate limit` : '';
        const window = p.currentWindow ? ` · ${p.currentWindow.start}…${p.currentWindow.end}` : '';
        const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.windowsDone}/${p.windowsTotal} windows · ${p.rows} rows${p.quarantined ? ` · ${p.quarantined} set aside` : ''}${window}${wait}`;
        io.stderr.write(`\r\u001b[2K${line}`);
        drawn = true;
        return;
      }
      // Plain output: one line per finished window or new wait, not one per second.
      const line =
        p.waitSeconds > 0
          ? `waiting for the rate limit (${p.windowsDone}/${p.windowsTotal} windows done)`
          : `${p.windowsDone}/${p.windowsTotal} windows, ${p.rows} rows${p.quarantined ? `, ${p.quarantined} set aside` : ''}`;
      if (line !== lastLine && (p.waitSeconds > 0 || /^Done|^Finished|^Cancelled/.test(p.message))) {
        io.stderr.write(`${line}\n`);
        lastLine = line;
      }
    },
    end() {
      if (tty && drawn) io.stderr.write('\n');
    },
  };
}

/** The core says "update them in the connection"; here the connection's secrets are variables. */
function withEnvHint(message: string, result: SyncResult, kind: ConnectionKind): string {
  if (!result.credentialsRejected) return message;
  return kind === 'payg' ? `${message} On the command line it comes from CONCILIA_API_KEY.` : `${message} On the command line they come from CONCILIA_TOKEN and CONCILIA_API_KEY.`;
}

/**
 * The one summary line. It says "ok" only when the core said every window is complete; window
 * counts say "complete" rather than "ok", so a partial sync's line holds no "ok" at all.
 */
function summary(name: string, r: SyncResult): string {
  const w = r.windows;
  const outcome = r.outcome === 'partial' ? 'PARTIAL, not complete' : r.outcome;
  return (
    `${terminalSafe(name)}: ${outcome} — windows: ${w.ok} complete, ${w.incomplete} incomplete, ${w.failed} failed, ${w.skippedFresh} up to date; ` +
    `${r.rows} records stored, ${r.quarantined} set aside, ${r.restatements} restatement(s)${r.removals > 0 ? `, ${r.removals} removed upstream` : ''}; ${r.requests} request(s).` +
    (r.reopenedReviews > 0 ? `\n${r.reopenedReviews} reviewed item(s) reopened: their figures changed upstream (concilia review history shows what changed).` : '') +
    (r.voidedSignoffs > 0 ? `\n${r.voidedSignoffs} sign-off(s) voided: figures they covered changed upstream (concilia reconcile shows which).` : '')
  );
}

async function refresh(ctx: CliContext, name: string, idText: string): Promise<number> {
  if (!/^[1-9]\d{0,14}$/.test(idText)) throw new UsageError(`--id must be a billing period id (a whole number), not "${idText}".`);
  const db = ctx.db();
  const connection = getConnection(db, name);
  checkEnvCredentials(ctx.env, connection.kind);
  announceDestination(ctx, connection);
  const result = await refreshBillingPeriod({ db, fetch: ctx.fetch, clock: ctx.clock, sleep: ctx.sleep, secrets: ctx.secrets, reviews: ctx.reviews() }, name, Number(idText), {
    signal: ctx.signal,
    limiter: rateLimitOverride(ctx.env, connection.baseUrl),
  });
  ctx.io.stdout.write(`${terminalSafe(result.message)}\n`);
  return result.record || result.removed ? 0 : 1;
}

export const command: Command = {
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.args, {
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      force: { type: 'boolean' },
      providers: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
    });
    const name = positionals[0];
    if (!name || positionals.length > 1) throw new UsageError('sync takes one connection NAME.');
    if (values.id !== undefined) {
      if (values.from !== undefined || values.to !== undefined) throw new UsageError('--id refreshes one record: leave out --from and --to.');
      return await refresh(ctx, name, values.id);
    }
    const { from, to, period, force } = parseInput(
      SyncStartInput,
      { connection: name, from: values.from, to: values.to, period: values.period ?? 'month', force: values.force ?? false },
      { connection: 'NAME', from: '--from', to: '--to', period: '--period' },
    );
    const providers = values.providers?.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const db = ctx.db();
    const connection = getConnection(db, name);
    checkEnvCredentials(ctx.env, connection.kind);
    announceDestination(ctx, connection);
    const printer = progressPrinter(ctx.io);
    let result: SyncResult;
    try {
      result = await syncConnection(
        { db, reviews: ctx.reviews(), fetch: ctx.fetch, clock: ctx.clock, sleep: ctx.sleep, secrets: ctx.secrets },
        {
          connection: name,
          from,
          to,
          period,
          force,
          providers,
          signal: ctx.signal,
          onProgress: (p) => printer.update(p),
          limiter: rateLimitOverride(ctx.env, connection.baseUrl),
          http: { maxResponseBytes: responseCap(ctx.env) },
        },
      );
    } finally {
      printer.end();
    }
    ctx.io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${summary(name, result)}\n`);
    if (result.outcome === 'ok') return 0;
    if (result.outcome === 'cancelled') throw new CliError('Cancelled: windows already stored are complete; run the same command again to finish.');
    const first = result.errors[0] === undefined ? undefined : withEnvHint(result.errors[0], result, connection.kind);
    if (result.outcome === 'failed') throw new CliError(first ?? 'Nothing could be synced.');
    ctx.io.stderr.write(
      `concilia sync: ${terminalSafe(
        first
          ? `Not everything could be synced (${result.errors.length} problem(s)); first: ${first} Run the same command again to complete it, or see concilia status ${name}.`
          : `${result.quarantined} record(s) could not be read and were set aside; see concilia status ${name}.`,
        800,
      )}\n`,
    );
    return EXIT_PARTIAL;
  },
};
