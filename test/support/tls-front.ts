/**
 * Serves a loopback HTTP server (the sandbox) over TLS with a given certificate, as the upstream
 * does in production: an HTTPS reverse proxy that forwards each request unchanged except for the
 * Host header (the sandbox answers only to its own loopback address).
 */
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface TlsFront {
  port: number;
  /** Requests that arrived over TLS. */
  requests: number;
  close(): Promise<void>;
}

export async function startTlsFront(target: { port: number }, tls: { cert: string; key: string }): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const front: TlsFront = { port: 0, requests: 0, close: () => Promise.resolve() };
  const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    front.requests += 1;
    const forward = httpRequest(
      { host: '127.0.0.1', port: target.port, method: request.method, path: request.url, headers: { ...request.headers, host: `127.0.0.1:${target.port}` } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.port = (server.address() as AddressInfo).port;
  front.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return front;
}
