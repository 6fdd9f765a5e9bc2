/**
 * demo:open — "Open the demo workspace": start the built-in sandbox on loopback (once per
 * session), point the two demo connections at it and store their credentials. Syncing is left
 * to the window, so the user sees the progress like with a real connection. The demo's fast rate
 * limit is applied to the client's limiter too, matching the sandbox.
 */
import { getConnection } from '../core/connections/index.ts';
import { DEMO_FROM, DEMO_TO, openDemoWorkspace, type DemoWorkspace } from '../core/demo/index.ts';
import type { Sandbox } from '../core/sandbox/index.ts';
import type { HandlerOutput } from '../contract/index.ts';
import { toView } from './connections.ts';
import type { HandlerContext } from './context.ts';
import type { SyncJobs } from './sync-jobs.ts';

export class DemoWorkspaceHandler {
  private readonly ctx: HandlerContext;
  private readonly jobs: SyncJobs;
  private workspace: Promise<DemoWorkspace> | null = null;

  constructor(ctx: HandlerContext, jobs: SyncJobs) {
    this.ctx = ctx;
    this.jobs = jobs;
  }

  async open(): Promise<HandlerOutput<'demo:open'>> {
    const { ctx } = this;
    this.workspace ??= openDemoWorkspace({
      db: ctx.deps.db,
      reviews: ctx.deps.reviews,
      fetch: ctx.fetch,
      clock: ctx.deps.clock,
      sleep: ctx.deps.sleep,
      secrets: {
        get: (name, field) => ctx.secrets.get(name, field),
        delete: (name, field) => ctx.secrets.delete(name, field),
        // The demo's credentials open a sandbox on this computer and nothing else: they may be
        // kept even where the store only offers weak protection.
        set: (name, field, value, url) => ctx.secrets.set(name, field, value, url, { acceptWeakProtection: true }),
      },
    }).catch((error: unknown) => {
      this.workspace = null;
      throw error;
    });
    const workspace = await this.workspace;
    for (const c of workspace.connections) this.jobs.rateLimits.set(c.name, workspace.rateLimit);
    return {
      connections: await Promise.all(workspace.connections.map((c) => toView(ctx, getConnection(ctx.deps.db, c.name)))),
      sandboxUrl: workspace.sandbox.url,
      suggestedRange: { from: DEMO_FROM, to: DEMO_TO },
    };
  }

  /** The running sandbox, for tests that switch its faults on (harness). */
  async sandbox(): Promise<Sandbox | null> {
    return this.workspace ? (await this.workspace).sandbox : null;
  }

  async close(): Promise<void> {
    const pending = this.workspace;
    this.workspace = null;
    if (pending) await (await pending.catch(() => null))?.sandbox.close();
  }
}
