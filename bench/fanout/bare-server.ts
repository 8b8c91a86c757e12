// Child process: the ceiling. A bare `ws` server that frames each Redis message once and writes the
// same buffer straight to every subscribed socket: no parsing, no per-client state, no backpressure.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { bookChannel } from '../../lib/protocol/channels.ts';
import { prefixArgument, QUIET_LOGGER, REDIS_URL, SYMBOL } from './common.ts';
import { serve } from './ipc.ts';
import { serverProbe, type ServerApi, type ServerInfo } from './server-probe.ts';
import { serverTextFrame } from './ws-frames.ts';

const prefix = prefixArgument();
const subscribers = new Set<Socket>();
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws, req) => {
  const socket = req.socket;
  ws.on('error', () => undefined);
  ws.on('message', () => {
    subscribers.add(socket);
    ws.send('{"type":"subscribed"}');
  });
  ws.on('close', () => subscribers.delete(socket));
});
const broker = new RedisBroker({ url: REDIS_URL, prefix, logger: QUIET_LOGGER });
await broker.ping();
await broker.subscribe(bookChannel(SYMBOL), (payload) => {
  const frame = serverTextFrame(Buffer.from(payload));
  for (const socket of subscribers) socket.write(frame);
});
server.listen(0, '127.0.0.1', 65_535);
await new Promise((resolve) => server.once('listening', resolve));
serve<ServerApi>(serverProbe(), { port: (server.address() as AddressInfo).port } satisfies ServerInfo);
