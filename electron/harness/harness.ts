/**
 * The browser harness: the built renderer and the SAME handlers as Electron main, served to an
 * ordinary browser on 127.0.0.1. Requests go through the same dispatch() as main's IPC wrapper
 * (input and output parsed with the contract); instead of Electron's sender check, every RPC and
 * the event stream need the per-run token, only loopback peers are served, and only under our own
 * Host name. For development and tests only: electron-vite never bundles this folder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCache, type CacheDatabase } from '../core/cache/index.ts';
import { realSleep, systemClock, type Clock, type FetchLike, type Sleep } from '../core/deps.ts';
import { osIdentity, type Identity } from '../core/identity/index.ts';
import type { ReviewStore } from '../core/review/index.ts';
import { reviewStoreFor } from '../core/team/choose.ts';
import { MemorySecretStore } from '../core/secrets.ts';
import type { EventName, EventPayload, Result, SecretProtection } from '../contract/index.ts';
import { checkedEmitter, createHandlers, dispatch, type HandlerSet, type HostSecretStore } from '../handlers/index.ts';
import { contentTypeOf, resolveRendererFile } from '../main/app-files.ts';
import { SECURITY_HEADERS } from '../main/csp.ts';
import { EventStream } from './event-stream.ts';
import { harnessPlatform, type HarnessPlatform } from './platform.ts';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress, newToken, tokenMatches } from './security.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const TOKEN_HEADER = 'x-concilia-token';

export interface HarnessOptions {
  /** The cache file; default: a fresh one in a temp folder, removed on close. */
  dbPath?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The built renderer; default out/renderer of this repository. */
  rendererDir?: string;
  /** Where export:run writes; default a temp folder, removed on close. */
  exportDir?: string;
  /** The per-run token; default random. */
  token?: string;
  clock?: Clock;
  fetch?: FetchLike;
  sleep?: Sleep;
  /** Default: an in-memory store (the harness never writes a secret to disk). */
  secrets?: HostSecretStore;
  /**
   * Who the window acts as. Default: the operating-system account running the harness, with its
   * key file (as the command line). Tests may pass an identity of their own.
   */
  identity?: Identity;
  /** What app:info and the credentials form report; 'basic_text' shows the weak-protection path. */
  secretProtection?: SecretProtection;
  log?: (message: string) => void;
}

export interface Harness {
  /** http://127.0.0.1:PORT/?token=… — open this in the browser. */
  url: string;
  origin: string;
  token: string;
  port: number;
  db: CacheDatabase;
  /** The cache's review store, the one the handlers use. */
  reviews: ReviewStore;
  dbPath: string;
  exportDir: string;
  handlers: HandlerSet;
  platform: HarnessPlatform;
  /** Send the window an event as main would (tests play the native menu with 'menu:onDidInvoke'). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const log = options.log ?? (() => undefined);
  const temps: string[] = [];
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  const dbPath = options.dbPath ?? join(tempDir('concilia-harness-db-'), 'concilia.sqlite');
  const exportDir = options.exportDir ?? tempDir('concilia-harness-exports-');
  const rendererDir = resolve(options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'));
  const token = options.token ?? newToken();
  const db = openCache(dbPath);
  const stream = new EventStream();
  const platform = harnessPlatform(exportDir, options.secretProtection ?? 'memory');
  const clock = options.clock ?? systemClock;
  // A cache that joined a team queues its changes for the team server (no password here: ~/.pgpass).
  const reviews = reviewStoreFor(db, clock, options.identity ?? osIdentity(), () => Promise.resolve(null));
  const handlerSet = createHandlers({
    db,
    reviews,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    sleep: options.sleep ?? realSleep,
    secrets: options.secrets ?? new MemorySecretStore(),
    platform,
    emit: checkedEmitter((event, payload) => stream.send(event, payload), log),
    app: { name: 'Concilia', version: '0.1.0', platform: process.platform, runtime: 'harness', cachePath: dbPath },
  });
  const redact = (text: string): string => handlerSet.redact(text);

  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(redact(`harness: ${error instanceof Error ? error.message : String(error)}`));
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { message: 'The harness failed to answer.', kind: 'internal' } });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      sendJson(response, 403, refusal('The harness only answers this computer.', 'untrusted_sender'));
      return;
    }
    if (!isAllowedHost(request.headers.host, port)) {
      sendJson(response, 403, refusal(`Open the harness as http://127.0.0.1:${port}/ (other host names are refused).`, 'untrusted_sender'));
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/rpc/')) {
      await handleRpc(request, response, url);
      return;
    }
    if (url.pathname === '/events') {
      if (request.method !== 'GET') return void sendJson(response, 405, refusal('Use GET for /events.', 'invalid_input'));
      if (!tokenMatches(url.searchParams.get('token'), token)) return void sendJson(response, 401, refusal('The harness token is missing or wrong.', 'untrusted_sender'));
      stream.attach(response, { ...SECURITY_HEADERS });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, refusal('Only GET is served here.', 'invalid_input'));
      return;
    }
    await serveStatic(request, response, url.pathname);
  }

  async function handleRpc(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.method !== 'POST') return void sendJson(response, 405, refusal('Use POST for /rpc.', 'invalid_input'));
    const header = request.headers[TOKEN_HEADER];
    if (!tokenMatches(Array.isArray(header) ? header[0] : header, token)) {
      return void sendJson(response, 401, refusal('The harness token is missing or wrong: open the URL the harness printed.', 'untrusted_sender'));
    }
    if (!isAllowedOrigin(request.headers.origin, port)) {
      return void sendJson(response, 403, refusal('Requests from other sites are refused.', 'untrusted_sender'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
    } catch {
      return void sendJson(response, 400, refusal('The request name is not readable.', 'unknown_channel'));
    }
    const body = await readBody(request);
    if (body === null) return void sendJson(response, 413, refusal('The request is too large.', 'invalid_input'));
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return void sendJson(response, 400, refusal('The request body is not JSON.', 'invalid_input'));
    }
    const input = typeof parsed === 'object' && parsed !== null && 'input' in parsed ? parsed.input : undefined;
    const result = await dispatch(handlerSet.handlers, channel, input, { redact, log });
    sendJson(response, 200, result);
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    // Paths without an extension are the single-page app's own routes: answer index.html.
    const wanted = /\.[a-z0-9]+$/i.test(pathname) ? pathname : '/';
    const file = resolveRendererFile(rendererDir, wanted);
    if (!file) return void sendText(response, 404, 'Not found');
    if (!existsSync(file)) {
      if (wanted === '/') return void sendText(response, 503, `The renderer is not built (${file} is missing): run npx electron-vite build.`);
      return void sendText(response, 404, 'Not found');
    }
    const body = await readFile(file);
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-store', 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only, always: the harness has no business on any other interface.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  let closed = false;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    db,
    reviews,
    dbPath,
    exportDir,
    handlers: handlerSet,
    platform,
    emit: (event, payload) => stream.send(event, payload),
    async close() {
      if (closed) return;
      closed = true;
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await handlerSet.dispose();
      db.close();
      for (const dir of temps) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function refusal(message: string, kind: string): Result<never> {
  return { ok: false, error: { message, kind } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

/** The body as text, or null when it exceeds the limit. */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
