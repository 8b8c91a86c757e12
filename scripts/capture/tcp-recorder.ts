// A loopback man in the middle for the transport captures: it listens on 127.0.0.1, relays each
// connection to the app's port, and keeps every chunk in both directions with the time it passed,
// so a capture shows the bytes as they crossed the wire rather than what a client library reports.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export type Direction = 'client→server' | 'server→client';

export interface RecordedChunk {
  direction: Direction;
  /** Milliseconds since the client's connection was accepted. */
  atMs: number;
  bytes: Buffer;
}

export interface RecordedConnection {
  /** 1 for the first connection the recorder accepted, and so on. */
  readonly number: number;
  /** When it was accepted (`performance.now()`), so captures over several connections share one clock. */
  readonly startedAtMs: number;
  readonly chunks: RecordedChunk[];
  /** Resolves once both sides have closed. */
  readonly closed: Promise<void>;
}

export interface TcpRecorder {
  /** The port clients connect to instead of the app's. */
  readonly port: number;
  /** Every connection accepted so far, in the order they were accepted. */
  readonly connections: readonly RecordedConnection[];
  /** Stops listening and ends every relayed connection. */
  close(): Promise<void>;
}

/** The bytes one side sent on a connection, in order, with the time of each chunk's first byte. */
export function streamOf(connection: RecordedConnection, direction: Direction): { bytes: Buffer; timeAt: (offset: number) => number } {
  const chunks = connection.chunks.filter((c) => c.direction === direction);
  const starts: number[] = [];
  let total = 0;
  for (const chunk of chunks) {
    starts.push(total);
    total += chunk.bytes.length;
  }
  return {
    bytes: Buffer.concat(chunks.map((c) => c.bytes)),
    timeAt(offset) {
      let index = 0;
      while (index + 1 < starts.length && (starts[index + 1] ?? Infinity) <= offset) index++;
      return chunks[index]?.atMs ?? 0;
    },
  };
}

/** Starts a recorder on 127.0.0.1 (a free port) that relays to 127.0.0.1:targetPort. */
export async function startTcpRecorder(targetPort: number): Promise<TcpRecorder> {
  const connections: RecordedConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const startedAt = performance.now();
    const chunks: RecordedChunk[] = [];
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    relay(client, upstream, 'client→server', chunks, startedAt);
    relay(upstream, client, 'server→client', chunks, startedAt);
    const closed = Promise.all([new Promise((resolve) => client.once('close', resolve)), new Promise((resolve) => upstream.once('close', resolve))]).then(() => undefined);
    connections.push({ number: connections.length + 1, startedAtMs: startedAt, chunks, closed });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// One direction: record, forward, pass on a half-close, and take the other side down on an error.
function relay(from: Socket, to: Socket, direction: Direction, chunks: RecordedChunk[], startedAt: number): void {
  from.on('data', (bytes: Buffer) => {
    chunks.push({ direction, atMs: performance.now() - startedAt, bytes: Buffer.from(bytes) });
    to.write(bytes);
  });
  from.on('end', () => to.end());
  from.on('error', () => to.destroy());
  from.on('close', () => {
    if (!to.writableEnded) to.end();
  });
}
