// Publish → gateway latency on a broker, as bench/nodes measures it: the feed process publishes the
// BTC-USD book at a fixed rate into the broker, real gateway processes (BROKER=<kind>) take it from there
// to WebSocket clients split evenly over them, and sampled clients subtract each delta's publish time.
import { sleep } from '../fanout/clock.ts';
import { SYMBOL } from '../fanout/common.ts';
import { Child } from '../fanout/ipc.ts';
import type { GeneratorApi, GeneratorReport } from '../fanout/load-generator.ts';
import type { PublisherApi } from '../fanout/publisher.ts';
import type { ServerApi, ServerInfo } from '../fanout/server-probe.ts';
import { targetArguments, type BrokerTarget } from './broker-target.ts';
import { BROKERS_SETTINGS } from './brokers-settings.ts';

/** One measured window. */
export interface LatencyResult {
  /** Deltas the feed published in the window. */
  published: number;
  load: GeneratorReport;
}

/** Starts the feed, the gateways and the load generator, measures one window, and stops them all. */
export async function measureLatency(target: BrokerTarget): Promise<LatencyResult> {
  const { latencyGateways, latencyRate, warmupMs, windowMs } = BROKERS_SETTINGS;
  const publisher = Child.start<PublisherApi>('publisher', '../brokers/publisher-child.ts', targetArguments(target));
  const generator = Child.start<GeneratorApi>('load-generator', './load-generator.ts', []);
  const gateways = Array.from({ length: latencyGateways }, (_, i) => Child.start<ServerApi>(`gateway-${i + 1}`, '../brokers/gateway-child.ts', [...targetArguments(target), `bench-gateway-${i + 1}`]));
  try {
    const [ports] = await Promise.all([Promise.all(gateways.map(async (gateway) => (await gateway.ready<ServerInfo>()).port)), publisher.ready(), generator.ready()]);
    await publisher.request('rate', { perSecond: 0 });
    await connectSplit(ports, generator);
    await sleep(1_000);
    await publisher.request('rate', { perSecond: latencyRate });
    await sleep(warmupMs);
    const [start] = await Promise.all([publisher.request('count', null), generator.request('mark', null)]);
    await sleep(windowMs);
    const [load, end] = await Promise.all([generator.request('report', null), publisher.request('count', null)]);
    await publisher.request('rate', { perSecond: 0 });
    return { published: end.published - start.published, load };
  } finally {
    await Promise.all([publisher, generator, ...gateways].map((child) => child.stop()));
  }
}

// Gateway i gets an even share of the clients, and of the sampled ones (as bench/nodes splits them).
async function connectSplit(ports: number[], generator: Child<GeneratorApi>): Promise<void> {
  const { latencyClients: clients, sampledConnections, depth } = BROKERS_SETTINGS;
  for (const [i, port] of ports.entries()) {
    const count = Math.floor(clients / ports.length) + (i < clients % ports.length ? 1 : 0);
    const sampled = Math.min(count, Math.ceil(sampledConnections / ports.length));
    const result = await generator.request('connect', { kind: 'gateway', port, symbol: SYMBOL, depth, count, sampled }, 120_000);
    if (result.failed > 0) throw new Error(`gateway ${i + 1}: ${result.failed}/${count} clients failed to subscribe (${result.firstError ?? 'timeout'})`);
  }
}
