// One broker under test as every process of the benchmark reaches it: its kind, its private server's URL
// and the run's prefix, turned into a Broker (createBroker, as the app does) or into the app's environment.
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { whenBrokerReady } from '../../lib/broker/when-ready.ts';
import type { ServerKind } from './private-broker.ts';

/** Where a process finds the broker under test. */
export interface BrokerTarget {
  kind: ServerKind;
  url: string;
  /** Used as REDIS_PREFIX (Redis) or NATS_PREFIX (NATS): letters, digits and dashes suit both. */
  prefix: string;
}

const QUIET_LOGGER = { warn: (): void => undefined, info: (): void => undefined };

/** The target as child-process arguments, and back. */
export function targetArguments(target: BrokerTarget): string[] {
  return [target.kind, target.url, target.prefix];
}

export function targetFromArguments(args: string[]): BrokerTarget {
  const [kind, url, prefix] = args;
  if ((kind !== 'redis' && kind !== 'nats') || !url || !prefix) throw new Error('usage: <script> <redis|nats> <url> <prefix>');
  return { kind, url, prefix };
}

/** Opens the broker the way the app does for BROKER=<kind>, and waits until it is connected. */
export async function openBroker(target: BrokerTarget): Promise<Broker> {
  const broker = createBroker(target.kind === 'nats'
    ? { kind: 'nats', natsUrl: target.url, natsPrefix: target.prefix, prefix: 'unused:', logger: QUIET_LOGGER }
    : { kind: 'redis', redisUrl: target.url, prefix: `${target.prefix}:`, logger: QUIET_LOGGER });
  await whenBrokerReady(broker, 10_000).then(() => broker.ping()).catch(async (error: unknown) => Promise.reject(await broker.close().then(() => error)));
  return broker;
}

/** The app's environment for the target: BROKER=redis or BROKER=nats with its URL and prefix. */
export function appEnvironment(target: BrokerTarget): Record<string, string> {
  return target.kind === 'nats'
    ? { BROKER: 'nats', NATS_URL: target.url, NATS_PREFIX: target.prefix }
    : { BROKER: 'redis', REDIS_URL: target.url, REDIS_PREFIX: `${target.prefix}:` };
}
