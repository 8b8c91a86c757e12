// The two servers the SSE fan-out benchmark compares, started fresh, each with its inspector open
// for exact heap readings: the real app's web role (the Next.js route handler) and the bare ceiling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTickwire } from '../../scripts/lib/tickwire-process.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import { createTestDatabase } from '../../tests/helpers/services.ts';
import { inspectorUrlFrom } from './inspector-heap.ts';
import { forkChild } from './ipc.ts';

/** A server under measurement. */
export interface MeasuredServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly inspectorUrl: string;
  stop(): Promise<void>;
}

/** The Tickwire web role (Next.js 16 route handler GET /api/stream/index) on Redis, with no feed: only the bench publishes. */
export async function startNextServer(redisUrl: string, prefix: string): Promise<MeasuredServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-bench-web-'));
  const database = await createTestDatabase();
  const web = await startTickwire('web', { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ID: 'bench-web', NODE_OPTIONS: '--inspect=127.0.0.1:0' });
  const inspectorUrl = await waitFor('the inspector URL', () => inspectorUrlFrom(web.stderr()), 5000);
  return {
    name: 'Next route handler',
    pid: web.child.pid ?? 0,
    port: web.port,
    inspectorUrl,
    async stop() {
      await web.kill();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** bare-sse-server.ts: node:http writing the same events from the same Redis tail. */
export async function startBareServer(redisUrl: string, prefix: string): Promise<MeasuredServer> {
  process.env.BENCH_REDIS_URL = redisUrl;
  process.env.BENCH_REDIS_PREFIX = prefix;
  const { child, ready } = await forkChild<{ clients: { args: null; result: number } }, { port: number; inspector: string }>(
    join(import.meta.dirname, 'bare-sse-server.ts'),
    ['--inspect=127.0.0.1:0'],
  );
  return { name: 'bare node:http', pid: child.process.pid ?? 0, port: ready.port, inspectorUrl: ready.inspector, stop: () => child.stop() };
}
