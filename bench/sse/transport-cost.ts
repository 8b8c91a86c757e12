// `npm run bench -- transports`: for the same index stream (10 updates/s), what each transport costs
// per delivered update: bytes on the wire (both ways, headers and framing included), HTTP requests,
// and how late the update arrives. Short polling, long polling and SSE go through the real app;
// WebSocket through a minimal forwarder of the same Redis entries (ws-index-server.ts); the gateway
// rows through a real gateway process, in each of its codecs (JSON, STOMP, Socket.IO). The index
// payload is the same in every row, so the last column, bytes per update beside the gateway's JSON
// row, is what each protocol adds or saves.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startTickwire } from '../../scripts/lib/tickwire-process.ts';
import { createTestDatabase } from '../../tests/helpers/services.ts';
import type { Row } from '../lib/report.ts';
import { startBenchPublisher } from './bench-publisher.ts';
import { percentile } from './percentiles.ts';
import { gatewayJsonClient, socketIoClient, stompClient } from './gateway-transport-clients.ts';
import { longPollClient, shortPollClient, sseClient, wsClient } from './transport-clients.ts';
import type { TransportClient } from './transport-tally.ts';
import { startWsIndexServer } from './ws-index-server.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_TRANSPORT_S ?? 30);
const UPDATES_PER_SECOND = 10;
const GATEWAY_JSON = 'WebSocket (gateway, JSON)';

/** Runs the transports side by side over one window and returns a row each. */
export async function runTransportCostBenchmark(): Promise<Row[]> {
  const prefix = `twbench:${randomBytes(4).toString('hex')}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-bench-transports-'));
  const database = await createTestDatabase();
  const web = await startTickwire('web', { REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ID: 'bench-web' });
  // A gateway on its own needs the database (sessions), the web's: it is started after the web has migrated it.
  const gateway = await startTickwire('gateway', { REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ID: 'bench-gateway' });
  const gatewayWsUrl = `ws://127.0.0.1:${gateway.port}/ws`;
  const ws = await startWsIndexServer(REDIS_URL, prefix);
  const publisher = startBenchPublisher({ redisUrl: REDIS_URL, prefix, perSecond: UPDATES_PER_SECOND });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the stream has entries before anyone polls
    const clients: [string, TransportClient][] = [
      ['short polling (1 s)', shortPollClient(web.baseUrl, 1000)],
      ['long polling', longPollClient(web.baseUrl)],
      ['SSE', sseClient(web.baseUrl)],
      ['WebSocket', wsClient(ws.url)],
      [GATEWAY_JSON, gatewayJsonClient(gatewayWsUrl)],
      ['STOMP over WebSocket (gateway)', stompClient(gatewayWsUrl)],
      ['Socket.IO over WebSocket (gateway)', socketIoClient(gateway.baseUrl, 'websocket')],
      ['Socket.IO long polling (gateway)', socketIoClient(gateway.baseUrl, 'polling')],
    ];
    const startPublished = publisher.published();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const published = publisher.published() - startPublished;
    const rows: Row[] = [];
    for (const [transport, client] of clients) {
      const tally = await client.stop();
      rows.push({
        transport,
        published,
        updates: tally.updates,
        requests: tally.requests,
        'bytes/update': tally.bytes / tally.updates,
        // A string: the table would round 0.0034 to 0.00.
        'requests/update': (tally.requests / tally.updates).toPrecision(2),
        'mean delay ms': tally.latencyMs.reduce((a, b) => a + b, 0) / tally.latencyMs.length,
        'p99 delay ms': percentile(tally.latencyMs, 99),
      });
    }
    const jsonBytes = Number(rows.find((row) => row.transport === GATEWAY_JSON)?.['bytes/update']);
    return rows.map((row) => ({ ...row, 'B/update vs gateway JSON': signed(Number(row['bytes/update']) - jsonBytes) }));
  } finally {
    await publisher.stop();
    await ws.close();
    await gateway.kill();
    await web.kill();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

/** A difference in whole bytes with its sign (a string, so the table keeps the +). */
function signed(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const rounded = Math.round(bytes);
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
