// A small Redis Cluster of the test's own: masters only, on free loopback ports, in a temporary folder,
// so a test can exercise sharded pub/sub without touching the shared Redis.
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './services.ts';
import { waitFor } from './wait-for.ts';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';

const run = promisify(execFile);
// Every step is bounded, so a broken machine fails the test instead of hanging it.
const COMMAND_TIMEOUT_MS = 15_000;

export interface PrivateRedisCluster {
  readonly ports: number[];
  /** A seed node's URL, as REDIS_URL would name it in cluster mode. */
  readonly url: string;
  /** Runs redis-cli against one node and returns its trimmed output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The slot of a key or shard channel (CLUSTER KEYSLOT) and the port of the master serving it (CLUSTER SHARDS). */
  ownerOf(name: string): Promise<{ slot: number; port: number }>;
  /** Kills every node (SIGKILL) and removes the folder. */
  stop(): Promise<void>;
}

/** Runs redis-cli against a loopback port. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: COMMAND_TIMEOUT_MS });
  return stdout.trim();
}

interface SlotRange {
  start: number;
  end: number;
  port: number;
}

/** Reads a flat `[name, value, name, value, ...]` reply into a map. */
function fields(raw: unknown): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  if (Array.isArray(raw)) for (let i = 0; i + 1 < raw.length; i += 2) map.set(raw[i], raw[i + 1]);
  return map;
}

/** Parses CLUSTER SHARDS (Redis 7): each shard's slot ranges and its master's port. */
function parseShards(raw: unknown): SlotRange[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((shard: unknown) => {
    const shardFields = fields(shard);
    const slots = shardFields.get('slots');
    const nodes = shardFields.get('nodes');
    const master = Array.isArray(nodes) ? nodes.map(fields).find((node) => node.get('role') === 'master') : undefined;
    const port = master?.get('port');
    if (!Array.isArray(slots) || typeof port !== 'number') return [];
    const ranges: SlotRange[] = [];
    for (let i = 0; i + 1 < slots.length; i += 2) ranges.push({ start: Number(slots[i]), end: Number(slots[i + 1]), port });
    return ranges;
  });
}

async function slotRanges(port: number): Promise<SlotRange[]> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return parseShards(await redis.call('CLUSTER', 'SHARDS'));
  } finally {
    redis.disconnect();
  }
}

function startNode(port: number, dir: string): ChildProcess {
  const args = ['--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)];
  args.push('--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--dir', dir);
  return spawnTracked('redis-server', args, { stdio: 'ignore' });
}

async function killNode(node: ChildProcess): Promise<void> {
  if (node.exitCode !== null || node.signalCode !== null) return;
  const exited = once(node, 'exit');
  node.kill('SIGKILL');
  await exited;
}

/** Starts `masters` cluster-enabled redis-servers, joins them into one cluster, and waits until every node says ok. */
export async function startPrivateRedisCluster(masters = 3): Promise<PrivateRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'tickwire-cluster-'));
  const ports: number[] = [];
  const nodes: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map(killNode));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const port = await freePort();
      ports.push(port);
      nodes.push(startNode(port, dir));
    }
    for (const port of ports) await waitFor(`redis-server on ${port}`, () => cli(port, 'PING').then((r) => r === 'PONG', () => false), 10_000, 50);
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: COMMAND_TIMEOUT_MS });
    for (const port of ports) {
      await waitFor(`cluster_state:ok on ${port}`, async () => (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), 15_000, 100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const seedPort = ports[0] ?? 0;
  const ownerOf = async (name: string): Promise<{ slot: number; port: number }> => {
    const slot = Number(await cli(seedPort, 'CLUSTER', 'KEYSLOT', name));
    const range = (await slotRanges(seedPort)).find((r) => r.start <= slot && slot <= r.end);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return { slot, port: range.port };
  };
  return { ports, url: `redis://127.0.0.1:${seedPort}`, cli, ownerOf, stop };
}
