/**
 * The harness's event stream stands in for Electron's IPC, which loses nothing: events sent while
 * the page's stream is still connecting reach it once it connects, in order, and only once.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EventStream } from '../../../electron/harness/event-stream.ts';

class FakeResponse extends EventEmitter {
  written = '';
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
  end(): void {
    this.emit('close');
  }
}

const attach = (stream: EventStream): FakeResponse => {
  const response = new FakeResponse();
  stream.attach(response as unknown as ServerResponse, {});
  return response;
};

describe('EventStream', () => {
  it('holds events sent before a page connects and gives them to the first page that does, once', () => {
    const stream = new EventStream();
    stream.send('sync:onDidProgress', { n: 1 });
    stream.send('sync:onDidProgress', { n: 2 });
    const first = attach(stream);
    stream.send('sync:onDidProgress', { n: 3 });
    const second = attach(stream);
    stream.close();
    expect([...first.written.matchAll(/"n":(\d)/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
    expect([...second.written.matchAll(/"n":(\d)/g)].map((m) => m[1])).toEqual([]);
  });

  it('keeps a bounded number, dropping the oldest', () => {
    const stream = new EventStream();
    for (let n = 0; n < 1000; n += 1) stream.send('export:onDidProgress', { n });
    const page = attach(stream);
    stream.close();
    const seen = [...page.written.matchAll(/"n":(\d+)/g)].map((m) => Number(m[1]));
    expect(seen.length).toBeLessThan(1000);
    expect(seen.at(-1)).toBe(999);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
