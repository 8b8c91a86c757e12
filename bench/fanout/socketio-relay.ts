// Child process: the Socket.IO side's feed relay. It reads the same Redis channel the gateway reads
// and emits each message into the symbol's room through the Redis adapter (`io.to(room).emit`), the
// way an app backed by @socket.io/redis-adapter reaches clients connected to any node.
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { bookChannel } from '../../lib/protocol/channels.ts';
import { prefixArgument, QUIET_LOGGER, REDIS_URL, SYMBOL } from './common.ts';
import { serve } from './ipc.ts';
import { bookRoom, SIO_BOOK_EVENT } from './server-kinds.ts';
import { serverProbe, type ServerApi } from './server-probe.ts';
import { socketIoAdapterKey } from './socketio-adapter-key.ts';

const prefix = prefixArgument();
const pub = new Redis(REDIS_URL);
const io = new Server({ adapter: createAdapter(pub, pub.duplicate(), { key: socketIoAdapterKey(prefix) }) });
const room = io.to(bookRoom(SYMBOL));
const broker = new RedisBroker({ url: REDIS_URL, prefix, logger: QUIET_LOGGER });
await broker.ping();
let relayed = 0;
await broker.subscribe(bookChannel(SYMBOL), (payload) => {
  const parsed: unknown = JSON.parse(payload);
  room.emit(SIO_BOOK_EVENT, parsed);
  relayed++;
});
serve<ServerApi>(serverProbe(() => ({ relayed })), { port: 0 });
