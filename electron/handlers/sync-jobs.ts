/**
 * sync:* — a sync runs as a background job: sync:start answers at once with a job id, progress
 * and the end arrive as 'sync:onDidProgress' events. The core's sync is I/O-bound and writes each
 * window in its own short transaction, so the window (and every other request) stays responsive.
 */
import { randomUUID } from 'node:crypto';
import { getConnection } from '../core/connections/index.ts';
import type { RateLimit } from '../core/http/limiter.ts';
import { getCoverage, getStatus, syncConnection, testConnection, type SyncProgress, type SyncResult } from '../core/sync/index.ts';
import { ContractError, type EventPayload, type HandlerOutput, type ParsedInput } from '../contract/index.ts';
import { credentialStatus, requiredFields } from './connections.ts';
import type { HandlerContext } from './context.ts';
import { describeError } from './errors.ts';

interface Job {
  id: string;
  connection: string;
  controller: AbortController;
  done: Promise<void>;
}

/** At most this many 'running' events a second; the final event is never dropped. */
const PROGRESS_INTERVAL_MS = 100;
/** Finished jobs whose last event can still be asked for (sync:job), newest kept. */
const FINISHED_KEPT = 50;

type JobEvent = EventPayload<'sync:onDidProgress'>;

const EMPTY_PROGRESS: SyncProgress = { windowsDone: 0, windowsTotal: 0, rows: 0, quarantined: 0, waitSeconds: 0, message: 'Starting…' };

export class SyncJobs {
  private readonly jobs = new Map<string, Job>();
  /**
   * The last event of every job, running or recently finished. Events can be missed (a window
   * reloaded, the harness's event stream still connecting), so the window can always ask.
   */
  private readonly lastEvents = new Map<string, JobEvent>();
  private readonly ctx: HandlerContext;
  /** Per-connection rate limits (the demo's fast sandbox); others use the core's defaults. */
  readonly rateLimits = new Map<string, RateLimit>();

  constructor(ctx: HandlerContext) {
    this.ctx = ctx;
  }

  activeFor(connection: string): string | null {
    for (const job of this.jobs.values()) if (job.connection === connection) return job.id;
    return null;
  }

  async start(input: ParsedInput<'sync:start'>): Promise<HandlerOutput<'sync:start'>> {
    const connection = getConnection(this.ctx.deps.db, input.connection);
    if (this.activeFor(connection.name) !== null) {
      throw new ContractError('conflict', `"${connection.name}" is already syncing. Wait for it to finish, or cancel it first.`);
    }
    // A credential entered for another origin counts as missing: the window asks for it again.
    const status = await credentialStatus(this.ctx, connection);
    const missing: string[] = [];
    for (const field of requiredFields(connection.kind)) {
      if (!(field === 'token' ? status.hasToken : status.hasApiKey)) missing.push(field === 'token' ? 'the token (JWT)' : 'the API key');
    }
    if (missing.length > 0) {
      throw new ContractError('missing_credentials', `"${connection.name}" has no ${missing.join(' and no ')} stored. Add the credentials to the connection, then sync.`);
    }
    const id = randomUUID();
    const controller = new AbortController();
    const job: Job = { id, connection: connection.name, controller, done: Promise.resolve() };
    this.jobs.set(id, job);
    job.done = this.run(job, input).finally(() => this.jobs.delete(id));
    return { jobId: id };
  }

  /** The job's last event: its progress while it runs, its result once it ended; null if unknown. */
  lastEvent(jobId: string): JobEvent | null {
    return this.lastEvents.get(jobId) ?? null;
  }

  private remember(event: JobEvent): void {
    this.lastEvents.delete(event.jobId);
    this.lastEvents.set(event.jobId, event);
    for (const id of this.lastEvents.keys()) {
      if (this.lastEvents.size <= FINISHED_KEPT + this.jobs.size) break;
      if (!this.jobs.has(id)) this.lastEvents.delete(id);
    }
  }

  cancel(jobId: string): HandlerOutput<'sync:cancel'> {
    const job = this.jobs.get(jobId);
    if (!job) return { cancelled: false };
    job.controller.abort(new Error('Cancelled by the user.'));
    return { cancelled: true };
  }

  async disposeAll(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort(new Error('Concilia is closing.'));
    await Promise.all([...this.jobs.values()].map((job) => job.done));
  }

  private async run(job: Job, input: ParsedInput<'sync:start'>): Promise<void> {
    const { ctx } = this;
    let last: SyncProgress = EMPTY_PROGRESS;
    let lastSentAt = 0;
    const send = (state: JobEvent['state'], result: SyncResult | null, error: string | null): void => {
      const event: JobEvent = {
        jobId: job.id,
        connection: job.connection,
        state,
        progress: { ...last, currentWindow: last.currentWindow ?? null, message: ctx.redact(last.message) },
        result: result === null ? null : { ...result, errors: result.errors.map((e) => ctx.redact(e)) },
        error: error === null ? null : ctx.redact(error),
      };
      this.remember(event);
      ctx.emit('sync:onDidProgress', event);
    };
    // Let sync:start answer before the first event, so the window knows the job id.
    await Promise.resolve();
    send('running', null, null);
    try {
      const limiter = this.rateLimits.get(job.connection);
      const result = await syncConnection(
        { db: ctx.deps.db, reviews: ctx.deps.reviews, fetch: ctx.fetch, clock: ctx.deps.clock, sleep: ctx.deps.sleep, secrets: ctx.secrets },
        {
          connection: job.connection,
          from: input.from,
          to: input.to,
          period: input.period,
          force: input.force,
          signal: job.controller.signal,
          ...(limiter ? { limiter } : {}),
          onProgress: (progress) => {
            last = progress;
            const now = Date.now();
            if (now - lastSentAt >= PROGRESS_INTERVAL_MS) {
              lastSentAt = now;
              send('running', null, null);
            }
          },
        },
      );
      if (result.outcome === 'cancelled') send('cancelled', result, null);
      else if (result.outcome === 'failed') send('failed', result, result.errors[0] ?? 'The sync failed. Check the connection and try again.');
      else send('done', result, null);
    } catch (error) {
      if (job.controller.signal.aborted) send('cancelled', null, null);
      else send('failed', null, describeError(error, 'sync:start').message);
    }
  }
}

export function syncHandlers(ctx: HandlerContext, jobs: SyncJobs) {
  const { db } = ctx.deps;
  return {
    'sync:start': (input: ParsedInput<'sync:start'>) => jobs.start(input),
    'sync:cancel': (input: ParsedInput<'sync:cancel'>) => Promise.resolve(jobs.cancel(input.jobId)),
    'sync:job': (input: ParsedInput<'sync:job'>): Promise<HandlerOutput<'sync:job'>> => Promise.resolve(jobs.lastEvent(input.jobId)),
    'sync:coverage': (input: ParsedInput<'sync:coverage'>): Promise<HandlerOutput<'sync:coverage'>> => Promise.resolve(getCoverage(db, input.connection)),
    'sync:status'(input: ParsedInput<'sync:status'>): Promise<HandlerOutput<'sync:status'>> {
      return Promise.resolve(
        getStatus(db, input.connection).map((s) => ({
          connection: s.connection.name,
          kind: s.connection.kind,
          lastSync: s.lastSync,
          windows: s.windows,
          covered: s.covered,
          gaps: s.gaps,
          records: s.records,
          quarantined: s.quarantined,
          restatements: s.restatements,
          activeJobId: jobs.activeFor(s.connection.name),
        })),
      );
    },
    async 'connections:test'(input: ParsedInput<'connections:test'>): Promise<HandlerOutput<'connections:test'>> {
      const limiter = jobs.rateLimits.get(input.name);
      const answer = await testConnection(
        { db, fetch: ctx.fetch, clock: ctx.deps.clock, sleep: ctx.deps.sleep, secrets: ctx.secrets },
        input.name,
        limiter ? { limiter } : {},
      );
      return { ok: answer.ok, message: ctx.redact(answer.message) };
    },
  };
}
