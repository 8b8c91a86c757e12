// The ceiling: a bare node:http server that writes the same index events as the Next route, from the
// same Redis tail, one shared encoded chunk per event written to every response. Forked by the bench.
import { createServer, type ServerResponse } from 'node:http';
import { url as inspectorUrl } from 'node:inspector';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { encodeEvent, encodeRetry, SSE_HEADERS } from '../../server/web/sse/sse-format.ts';
import { serveParent } from './ipc.ts';

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.BENCH_REDIS_PREFIX ?? 'twbench:';
const clients = new Set<ServerResponse>();
const broker = new RedisBroker({ url: redisUrl, prefix, logger: { warn: () => undefined, info: () => undefined } });
await broker.tail(INDEX_STREAM, (entry) => {
  const chunk = encodeEvent(entry.id, 'index', entry.data);
  for (const res of clients) res.write(chunk);
});

const retry = encodeRetry(2000);
const server = createServer((req, res) => {
  res.writeHead(200, SSE_HEADERS);
  res.write(retry);
  clients.add(res);
  res.on('close', () => clients.delete(res));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  serveParent<{ clients: { args: null; result: number } }>(
    { port: typeof address === 'object' && address ? address.port : 0, inspector: inspectorUrl() ?? '' },
    { clients: () => clients.size },
  );
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void broker.close().then(() => process.exit(0));
});
