// Child process: what people would deploy instead — a Socket.IO 4 node with @socket.io/redis-adapter,
// websocket transport only. Clients emit `subscribe` and join the symbol's room; book updates reach
// the room through the adapter, emitted by the relay (socketio-relay.ts) like any other app emit.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { prefixArgument, REDIS_URL } from './common.ts';
import { serve } from './ipc.ts';
import { bookRoom } from './server-kinds.ts';
import { serverProbe, type ServerApi, type ServerInfo } from './server-probe.ts';
import { socketIoAdapterKey } from './socketio-adapter-key.ts';

const prefix = prefixArgument();
const pub = new Redis(REDIS_URL);
const sub = pub.duplicate();
const server = createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, adapter: createAdapter(pub, sub, { key: socketIoAdapterKey(prefix) }) });
io.on('connection', (socket) => {
  socket.on('subscribe', (symbol: unknown) => {
    if (typeof symbol !== 'string') return;
    void socket.join(bookRoom(symbol));
    socket.emit('subscribed', symbol);
  });
});
server.listen(0, '127.0.0.1', 65_535);
await new Promise((resolve) => server.once('listening', resolve));
// The adapter subscribes in the background: wait until Redis counts its pattern subscription.
for (let i = 0; i < 100 && Number(await pub.call('PUBSUB', 'NUMPAT')) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));

serve<ServerApi>(serverProbe(), { port: (server.address() as AddressInfo).port } satisfies ServerInfo);
