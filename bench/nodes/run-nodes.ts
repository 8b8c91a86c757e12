// Nodes benchmark: how delivered throughput scales from 1 to 2 to 3 distributed gateway nodes over the same
// Redis stream, and the latency the Redis hop adds against embedded mode (feed and gateway in one
// process over the memory broker). See README "Running in production".
import { printTable, writeResults, type Row } from '../lib/report.ts';
import { Child } from '../fanout/ipc.ts';
import type { PublisherApi } from '../fanout/publisher.ts';
import { runNodesPhase, type NodesPlan } from './nodes-phase.ts';
import { NODES_SETTINGS } from './nodes-settings.ts';
import { nodesTargetRows } from './nodes-targets.ts';
import { deliveredPerSecond, nodesRow, type NodesWindow } from './nodes-window.ts';

/** The phases: embedded vs one Redis-fed node at a calm rate, then each node count at every scaling rate. */
function plans(): NodesPlan[] {
  const { hopClients, hopRate, nodeCounts, scalingClients, scalingRates } = NODES_SETTINGS;
  const hop = hopClients.flatMap((clients): NodesPlan[] => [
    { mode: 'embedded', nodes: 1, clients, rates: [hopRate] },
    { mode: 'redis', nodes: 1, clients, rates: [hopRate] },
  ]);
  const scaling = nodeCounts.map((nodes): NodesPlan => ({ mode: 'redis', nodes, clients: scalingClients, rates: scalingRates }));
  return [...hop, ...scaling];
}

/** Runs every phase and returns one row per measured window. */
export async function runNodesBenchmark(): Promise<Row[]> {
  const prefix = `twbench:nodes:${process.pid}:`;
  const publisher = Child.start<PublisherApi>('publisher', './publisher.ts', [prefix]);
  const windows: NodesWindow[] = [];
  try {
    await publisher.ready();
    for (const plan of plans()) {
      process.stderr.write(`nodes: ${plan.mode}, ${plan.nodes} node(s), ${plan.clients} clients\n`);
      windows.push(...(await runNodesPhase(plan, publisher, prefix).catch((error: unknown) => failedPhase(plan, error))));
    }
  } finally {
    await publisher.stop();
  }
  const targets = nodesTargetRows(windows);
  printTable('Gateway nodes: the capacity model (docs/scaling.md) against this run', targets);
  process.stdout.write(`targets: ${writeResults('nodes-targets', targets)}\n`);
  return windows.map((w) => nodesRow(w, scalingOf(w, windows)));
}

// N nodes ÷ 1 node, same clients and rate, both fed through Redis.
function scalingOf(w: NodesWindow, all: NodesWindow[]): number | undefined {
  if (w.plan.mode !== 'redis' || w.plan.nodes === 1) return undefined;
  const one = all.find((o) => o.plan.mode === 'redis' && o.plan.nodes === 1 && o.plan.clients === w.plan.clients && o.rate === w.rate);
  return one && deliveredPerSecond(one) > 0 ? deliveredPerSecond(w) / deliveredPerSecond(one) : undefined;
}

// A failed phase (a node that crashed or could not take its clients) is reported, and the run goes on.
function failedPhase(plan: NodesPlan, error: unknown): NodesWindow[] {
  process.stderr.write(`nodes: ${plan.mode} ${plan.nodes} node(s), ${plan.clients} clients failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return [];
}
