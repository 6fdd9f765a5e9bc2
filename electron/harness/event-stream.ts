/**
 * Server-sent events for the harness: what main would send with webContents.send goes to every
 * page connected to /events (normally one). The page opens the stream when it first listens, so
 * events sent while no page is connected are held (a bounded few) and given to the next page that
 * connects: Electron's IPC loses nothing there, and neither should the harness.
 */
import type { ServerResponse } from 'node:http';

/** Events kept for a page that is not connected yet; the oldest go first. */
const HELD_MAX = 200;

export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private held: string[] = [];

  constructor() {
    // A comment line now and then keeps proxies and the browser from timing the stream out.
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  attach(response: ServerResponse, headers: Record<string, string>): void {
    response.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write(': connected\n\n');
    for (const frame of this.held) response.write(frame);
    this.held = [];
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  send(event: string, payload: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    if (this.clients.size === 0) {
      this.held.push(frame);
      if (this.held.length > HELD_MAX) this.held.shift();
      return;
    }
    for (const client of this.clients) client.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
