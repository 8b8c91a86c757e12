// A broker server of the benchmark's own: redis-server, or nats-server with JetStream, on a free loopback
// port with its data in a temp folder. Its process is the one whose memory is read, nothing of anyone
// else's is in it, and stopping it (SIGKILL, then the folder removed) leaves nothing behind.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';
import { freePort } from '../../scripts/lib/free-port.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import type { BrokerKind } from '../../lib/broker/create-broker.ts';

/** The networked brokers this benchmark compares. */
export type ServerKind = Exclude<BrokerKind, 'memory'>;

/** A running private server. */
export interface PrivateBroker {
  readonly kind: ServerKind;
  readonly url: string;
  readonly pid: number;
  /** Kills the server and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
// Both servers write to disk as production runs them, neither fsyncs each write: Redis with its append-only
// file (docs/operations.md: Redis must persist), fsynced every second; JetStream's file storage (the NATS
// broker's streams, queues and buckets) with nats-server's default sync interval.
const REDIS_PERSISTENCE = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];

/** Starts the server and resolves once it answers (NATS: with JetStream enabled). */
export async function startPrivateBroker(kind: ServerKind): Promise<PrivateBroker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `tickwire-bench-${kind}-`));
  const child =
    kind === 'redis'
      ? spawnTracked('redis-server', [...REDIS_PERSISTENCE, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' })
      : spawnTracked('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const url = `${kind}://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`private ${kind}-server to answer`, () => {
      if (spawnError) throw new Error(`${kind}-server did not start: ${spawnError.message}`);
      if (child.exitCode !== null) throw new Error(`${kind}-server exited with ${child.exitCode}`);
      return answers(kind, port);
    }, READY_TIMEOUT_MS, 50);
    if (child.pid === undefined) throw new Error(`${kind}-server did not start`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kind, url, pid: child.pid, stop };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function answers(kind: ServerKind, port: number): Promise<boolean> {
  if (kind === 'redis') {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }
  try {
    const nc = await connect({ servers: `127.0.0.1:${port}`, reconnect: false, timeout: 500 });
    try {
      await (await nc.jetstreamManager({ timeout: 1_000 })).getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  } catch {
    return false;
  }
}
