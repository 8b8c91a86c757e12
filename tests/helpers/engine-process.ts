// Runs the engine as its own process against Redis and a test database, so a test can SIGKILL it.
// Env: REDIS_URL, REDIS_PREFIX, DATABASE_URL, ENGINE_SYMBOLS (comma-separated) and
// PUBLISH_DELAY_MS (slows publishes to user channels, widening the commit-to-ack window a kill
// should land in). Prints "engine ready" once it consumes the order queue.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { loadConfig } from '../../lib/config.ts';
import { openDatabase } from '../../lib/db/database.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { startEngine } from '../../workers/engine/engine-worker.ts';
import { instrument } from './synthetic-book.ts';
import { quietBrokerLogger } from './engine-harness.ts';

const config = loadConfig('engine', process.env);
const publishDelayMs = Number(process.env.PUBLISH_DELAY_MS ?? 0);
const symbols = (process.env.ENGINE_SYMBOLS ?? 'AAPL').split(',');

/** The broker, with publishes to user channels delayed by `delayMs`. */
function slowUserPublishes(broker: Broker, delayMs: number): Broker {
  return new Proxy(broker, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'publish') {
        return async (channel: string, payload: string) => {
          if (channel.startsWith('user:')) await new Promise((resolve) => setTimeout(resolve, delayMs));
          await target.publish(channel, payload);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const broker = createBroker({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger: quietBrokerLogger });
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: await mkdtemp(join(tmpdir(), 'tickwire-engine-proc-')), migrate: false });
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const runtime: Runtime = { config, logger, broker: slowUserPublishes(broker, publishDelayMs), db, startedAt: Date.now() };
const engine = await startEngine(runtime, { instruments: symbols.map(instrument), waitForBooksMs: 3000 });
process.stdout.write('engine ready\n');

process.once('SIGTERM', () => {
  void (async () => {
    await engine.close();
    await broker.close();
    await db.close();
    process.exit(0);
  })();
});
