// One phase of the nodes benchmark: the phase's servers and one load generator whose clients are
// split evenly over the nodes (as a least-connections balancer would); one measured window per rate.
import { loadavg } from 'node:os';
import { sleep } from '../fanout/clock.ts';
import { SYMBOL } from '../fanout/common.ts';
import { Child } from '../fanout/ipc.ts';
import type { GeneratorApi } from '../fanout/load-generator.ts';
import { PeakRssMeter, readProcess } from '../fanout/process-meter.ts';
import type { PublisherApi } from '../fanout/publisher.ts';
import { startDeployment, type BrokerMode, type Deployment } from './deployment.ts';
import { NODES_SETTINGS } from './nodes-settings.ts';
import type { NodesWindow } from './nodes-window.ts';

/** A phase: where the feed meets the gateway, how many gateway nodes, clients in all, and the feed rates. */
export interface NodesPlan {
  mode: BrokerMode;
  nodes: number;
  clients: number;
  rates: number[];
}

/** Runs a phase; every child it starts is stopped before it returns. */
export async function runNodesPhase(plan: NodesPlan, publisher: Child<PublisherApi>, prefix: string): Promise<NodesWindow[]> {
  const generator = Child.start<GeneratorApi>('load-generator', './load-generator.ts', []);
  const deployment = await startDeployment(plan.mode, plan.nodes, publisher, prefix).catch(async (error: unknown) => Promise.reject(await generator.stop().then(() => error)));
  try {
    await generator.ready();
    await deployment.feed.setRate(0);
    await connectSplit(plan, deployment, generator);
    await sleep(1_000);
    const windows: NodesWindow[] = [];
    for (const rate of plan.rates) {
      await deployment.feed.setRate(rate);
      await sleep(NODES_SETTINGS.warmupMs);
      windows.push(await measureWindow(plan, rate, deployment, generator));
    }
    await deployment.feed.setRate(0);
    return windows;
  } finally {
    await Promise.all([generator.stop(), deployment.stop()]);
  }
}

// Node i gets clients i, i+N, i+2N, …: even shares, and the sampled connections spread the same way.
async function connectSplit(plan: NodesPlan, deployment: Deployment, generator: Child<GeneratorApi>): Promise<void> {
  let connected = 0;
  for (const [i, port] of deployment.ports.entries()) {
    const count = Math.floor(plan.clients / plan.nodes) + (i < plan.clients % plan.nodes ? 1 : 0);
    const sampled = Math.min(count, Math.ceil(NODES_SETTINGS.sampledConnections / plan.nodes));
    const result = await generator.request('connect', { kind: 'gateway', port, symbol: SYMBOL, depth: NODES_SETTINGS.depth, count, sampled }, 120_000);
    connected = result.connected;
    if (result.failed > 0) throw new Error(`node ${i + 1}: ${result.failed}/${count} clients failed to subscribe (${result.firstError ?? 'timeout'})`);
  }
  if (connected < plan.clients) throw new Error(`${connected}/${plan.clients} clients subscribed`);
}

async function measureWindow(plan: NodesPlan, rate: number, deployment: Deployment, generator: Child<GeneratorApi>): Promise<NodesWindow> {
  const meters = deployment.nodes.map((node) => new PeakRssMeter(node.pid));
  const nodeStart = meters.map((meter) => meter.start());
  const feedPid = deployment.feed.pid;
  const feedStart = feedPid === undefined ? undefined : readProcess(feedPid);
  const [publishedStart] = await Promise.all([deployment.feed.published(), generator.request('mark', null)]);
  await sleep(NODES_SETTINGS.windowMs);
  const nodeEnd = meters.map((meter) => meter.stop());
  const feedEnd = feedPid === undefined ? undefined : readProcess(feedPid);
  const [load, publishedEnd] = await Promise.all([generator.request('report', null), deployment.feed.published()]);
  return {
    plan,
    rate,
    load,
    published: publishedEnd - publishedStart,
    nodeCpuUs: nodeEnd.map((end, i) => end.cpuUs - (nodeStart[i]?.cpuUs ?? end.cpuUs)),
    nodePeakRssBytes: nodeEnd.map((end) => end.peakRssBytes),
    feedCpuUs: feedStart && feedEnd ? feedEnd.cpuUs - feedStart.cpuUs : undefined,
    machineLoad: loadavg()[0] ?? 0,
  };
}
