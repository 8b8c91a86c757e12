// A minimal WebSocket server that forwards the same index entries from the same Redis tail, one text
// frame per entry ({"id","tick"}, no compression), only to measure WebSocket's bytes per update beside
// the HTTP transports: the gateway does not carry the index (it carries books, trades and orders).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';

/** A running forwarder. */
export interface WsIndexServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the forwarder on a free loopback port. */
export async function startWsIndexServer(redisUrl: string, prefix: string): Promise<WsIndexServer> {
  const broker = new RedisBroker({ url: redisUrl, prefix, logger: { warn: () => undefined, info: () => undefined } });
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (socket) => socket.on('error', () => socket.terminate()));
  await broker.tail(INDEX_STREAM, (entry) => {
    const frame = `{"id":${JSON.stringify(entry.id)},"tick":${entry.data}}`;
    for (const client of wss.clients) client.send(frame);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  return {
    url: `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => http.close(resolve));
      await broker.close();
    },
  };
}
