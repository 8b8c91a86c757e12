// `npm run bench [name ...]`: runs the benchmarks, prints each table and writes bench/results/<name>.json.
import { runAbuseBenchmark } from './abuse.ts';
import { runBrokersBenchmark } from './brokers/run-brokers.ts';
import { runFailoverBenchmark } from './failover.ts';
import { runFanoutBenchmark } from './fanout/run-fanout.ts';
import { runFeedBenchmark } from './feed-throughput.ts';
import { runOrderRoundtripBenchmark } from './order-roundtrip.ts';
import { runOrdersFloorBenchmark } from './orders-floor/run-orders-floor.ts';
import { printTable, writeResults, type Row } from './lib/report.ts';
import { runNodesBenchmark } from './nodes/run-nodes.ts';
import { runSoakBenchmark } from './soak/run-soak.ts';
import { runSseFanoutBenchmark } from './sse/run-sse-fanout.ts';
import { runTransportCostBenchmark } from './sse/transport-cost.ts';

const BENCHMARKS: Record<string, { title: string; run: () => Promise<Row[]> }> = {
  feed: { title: 'Feed: one worker, one core, publishing every delta to Redis', run: runFeedBenchmark },
  fanout: { title: 'Fan-out: book deltas from one Redis stream to 1,000 and 5,000 clients', run: runFanoutBenchmark },
  orders: { title: 'Orders: WebSocket round trip through two gateway processes, Redis and the engine (PostgreSQL), at 20 and 200 orders/s', run: runOrderRoundtripBenchmark },
  'orders-floor': { title: 'Orders against their floor: the same hops with a bare consumer (one INSERT, none of the engine\'s logic) in the engine\'s place, then the engine, at each rate in one run', run: runOrdersFloorBenchmark },
  nodes: { title: 'Gateway nodes: 1, 2 and 3 nodes over one Redis stream, and the Redis hop against embedded mode', run: runNodesBenchmark },
  sse: { title: 'SSE fan-out: the index at 10 events/s through the Next.js route handler, beside bare node:http', run: runSseFanoutBenchmark },
  transports: { title: 'Transports: cost per delivered index update (10 updates/s)', run: runTransportCostBenchmark },
  abuse: { title: 'Abuse: 25 honest users at 200 orders/s beside one attacker (many accounts and sockets, one address) flooding order ops; the honest load alone first', run: runAbuseBenchmark },
  failover: { title: 'Failover: the feed and engine leaders SIGKILLed in turn; takeover and client recovery from the kill, against the lease TTL', run: runFailoverBenchmark },
  soak: { title: 'Soak: each level (memory, descriptors, Redis) held to its first minutes under steady load with reconnects; every delta and order checked', run: runSoakBenchmark },
  brokers: { title: 'Brokers: Redis (pub/sub, Streams) against NATS (core, JetStream), each on a private server: raw publishes, the feed, publish → gateway at 2,000 deltas/s, orders at 200/s', run: runBrokersBenchmark },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(1);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
  const bench = BENCHMARKS[name];
  if (!bench) continue;
  const rows = await bench.run();
  printTable(bench.title, rows);
  process.stdout.write(`results: ${writeResults(name, rows)}\n`);
}
