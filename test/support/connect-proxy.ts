/**
 * A small forward proxy on loopback, like a company's: it tunnels HTTPS with CONNECT (and logs
 * every tunnel), resolves names the client cannot (so a request that bypasses it fails), or
 * refuses like a proxy that wants a sign-in (407) or forbids the address (403).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY. */
  url: string;
  /** Every CONNECT target asked for, in order ("host:port"), and what the proxy answered. */
  log: Array<{ target: string; answer: number }>;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Answer every CONNECT with this status instead of tunnelling (407, 403…). */
  refuseWith?: number;
  /** Where names resolve, as the proxy sees them: "host:port" → loopback port. */
  routes?: Readonly<Record<string, number>>;
}

const REASONS: Record<number, string> = { 403: 'Forbidden', 407: 'Proxy Authentication Required', 502: 'Bad Gateway' };

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const log: ConnectProxy['log'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => {
    // Plain-http proxying is not needed by these tests; say so rather than pretend.
    response.writeHead(501, { 'Content-Type': 'text/plain' }).end('This test proxy only tunnels (CONNECT).');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    client.on('error', () => client.destroy());
    const answer = (status: number, extra = ''): void => {
      log.push({ target, answer: status });
      client.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (options.refuseWith !== undefined) {
      answer(options.refuseWith, options.refuseWith === 407 ? 'Proxy-Authenticate: Basic realm="corporate"\r\n' : '');
      return;
    }
    const routed = options.routes?.[target];
    const [host, port] = routed !== undefined ? ['127.0.0.1', routed] : [target.replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(target)?.[1] ?? 443)];
    let established = false;
    const upstream = connect(port, host, () => {
      established = true;
      log.push({ target, answer: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => (established ? client.destroy() : answer(502)));
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
