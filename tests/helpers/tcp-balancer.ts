// A round-robin TCP load balancer (L4) in front of several web processes, for tests: each new
// connection goes to the next backend that accepts it.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpBalancer {
  readonly port: number;
  readonly url: string;
  /** Which backend port each accepted connection went to, in order. */
  readonly routed: number[];
  close(): Promise<void>;
}

/** Listens on a free loopback port and spreads connections over `backendPorts`. */
export async function startTcpBalancer(backendPorts: number[]): Promise<TcpBalancer> {
  const routed: number[] = [];
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryBackend = (attempt: number): void => {
      if (attempt >= backendPorts.length) return void client.destroy();
      const port = backendPorts[next++ % backendPorts.length] ?? 0;
      const upstream = connect(port, '127.0.0.1');
      let isConnected = false;
      upstream.on('error', () => {
        upstream.destroy();
        if (isConnected) client.destroy();
        else tryBackend(attempt + 1); // refused: that backend is down, try the next
      });
      upstream.once('connect', () => {
        isConnected = true;
        routed.push(port);
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
