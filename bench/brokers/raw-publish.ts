// Raw publishes: 200-byte payloads through the Broker interface, as fast as one process gets them
// accepted, for each mechanism the two brokers offer. Pub/sub (Redis PUBLISH, NATS core) is counted again
// by a subscriber in another process; streams (Redis XADD, JetStream publish with its ack) by their replies.
import { performance } from 'node:perf_hooks';
import type { Broker } from '../../lib/broker/broker.ts';
import { Child } from '../fanout/ipc.ts';
import { sleep } from '../fanout/clock.ts';
import { openBroker, targetArguments, type BrokerTarget } from './broker-target.ts';
import { BROKERS_SETTINGS } from './brokers-settings.ts';
import type { CounterApi } from './counter-child.ts';
import type { ServerKind } from './private-broker.ts';

/** One way to publish: which broker, which Broker method, and whether the broker answers each publish. */
export interface Mechanism {
  name: 'Redis pub/sub' | 'Redis Streams' | 'NATS core' | 'NATS JetStream';
  kind: ServerKind;
  /** The Broker call and what it becomes on the wire. */
  via: string;
  /** `publish` (pub/sub, counted again by a subscriber) or `append` (a stream, counted by its replies). */
  method: 'publish' | 'append';
  /** NATS core publishes get no reply: a flush (PING round trip) stands in for it every so often. */
  hasReply: boolean;
}

export const MECHANISMS: Mechanism[] = [
  { name: 'Redis pub/sub', kind: 'redis', via: 'publish → PUBLISH', method: 'publish', hasReply: true },
  { name: 'Redis Streams', kind: 'redis', via: 'append → XADD MAXLEN ~', method: 'append', hasReply: true },
  { name: 'NATS core', kind: 'nats', via: 'publish → PUB (+ flush)', method: 'publish', hasReply: false },
  { name: 'NATS JetStream', kind: 'nats', via: 'append → JS publish + ack', method: 'append', hasReply: true },
];

/** What one mechanism achieved. */
export interface RawPublishResult {
  published: number;
  seconds: number;
  /** Received by the subscriber process (pub/sub only). */
  received: number | undefined;
  error: string | undefined;
}

const CHANNEL = 'bench:raw';
const STREAM_MAX_LEN = 10_000;
// How long the subscriber may lag behind the last publish before its count is taken as final.
const RECEIVE_TIMEOUT_MS = 5_000;

/** Publishes for the window on the target and counts what was accepted (and, for pub/sub, delivered). */
export async function measureRawPublish(mechanism: Mechanism, target: BrokerTarget): Promise<RawPublishResult> {
  const counter = mechanism.method === 'publish' ? Child.start<CounterApi>('raw-counter', '../brokers/counter-child.ts', targetArguments(target)) : undefined;
  const broker = await openBroker(target).catch(async (error: unknown) => Promise.reject(await counter?.stop().then(() => error)));
  try {
    await counter?.ready();
    await counter?.request('subscribe', { channels: [CHANNEL] });
    const payload = 'x'.repeat(BROKERS_SETTINGS.rawPayloadBytes);
    const send = mechanism.method === 'publish'
      ? () => broker.publish(CHANNEL, payload)
      : () => broker.append(CHANNEL, payload, { maxLen: STREAM_MAX_LEN }).then(() => undefined);
    const run = await publishFor(broker, send, mechanism.hasReply);
    const received = counter ? await receivedAtLeast(counter, run.published) : undefined;
    return { ...run, received };
  } finally {
    await Promise.all([broker.close(), counter?.stop()]);
  }
}

// `rawInFlight` workers, each awaiting its publish before the next, until the window closes or one fails.
async function publishFor(broker: Broker, send: () => Promise<void>, hasReply: boolean): Promise<{ published: number; seconds: number; error: string | undefined }> {
  const { rawWindowMs, rawInFlight, rawFlushEvery } = BROKERS_SETTINGS;
  let published = 0;
  let error: string | undefined;
  const started = performance.now();
  const deadline = started + rawWindowMs;
  const worker = async (): Promise<void> => {
    let unflushed = 0;
    try {
      while (error === undefined && performance.now() < deadline) {
        await send();
        if (hasReply) published++;
        else if (++unflushed === rawFlushEvery) {
          await broker.ping();
          published += unflushed;
          unflushed = 0;
        }
      }
      if (unflushed > 0) {
        await broker.ping();
        published += unflushed;
      }
    } catch (failure) {
      error ??= failure instanceof Error ? failure.message : String(failure);
    }
  };
  await Promise.all(Array.from({ length: rawInFlight }, worker));
  return { published, seconds: (performance.now() - started) / 1000, error };
}

async function receivedAtLeast(counter: Child<CounterApi>, expected: number): Promise<number> {
  const deadline = Date.now() + RECEIVE_TIMEOUT_MS;
  let received = (await counter.request('count', null)).messages;
  while (received < expected && Date.now() < deadline) {
    await sleep(100);
    received = (await counter.request('count', null)).messages;
  }
  return received;
}
