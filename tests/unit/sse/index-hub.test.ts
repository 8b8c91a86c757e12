// The process-wide index hub: one broker subscription, one heartbeat timer, gap-free after a broker reconnect.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Broker, BrokerState, StreamEntry } from '../../../lib/broker/broker.ts';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import type { HubClient } from '../../../server/web/sse/index-hub.ts';
import { IndexHub } from '../../../server/web/sse/index-hub.ts';
import { appendTicks } from '../../helpers/index-ticks.ts';
import { sleep, waitFor } from '../../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };

/** A hub client that records what it gets. */
function recorder(symbols: string[] = []) {
  const ids: string[] = [];
  const chunks: Uint8Array[] = [];
  let beats = 0;
  let closed = 0;
  const client: HubClient = {
    transport: 'sse',
    symbols,
    onEntry(entry, chunk) {
      ids.push(entry.entry.id);
      chunks.push(chunk);
    },
    onHeartbeat: () => (beats += 1),
    close: () => (closed += 1),
  };
  return { client, ids, chunks, beats: () => beats, closed: () => closed };
}

/** The memory broker seen through a connection that can drop: live tail messages are lost while it is down. */
function flakyBroker(inner: MemoryBroker): Broker & { setState(state: BrokerState): void; tailCalls: number } {
  let state: BrokerState = 'ready';
  const listeners = new Set<(state: BrokerState) => void>();
  const view = Object.create(inner) as Broker & { setState(state: BrokerState): void; tailCalls: number };
  Object.defineProperty(view, 'state', { get: () => state });
  view.tailCalls = 0;
  view.onStateChange = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  view.setState = (next) => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  view.tail = (stream: string, handler: (entry: StreamEntry) => void) => {
    view.tailCalls += 1;
    return inner.tail(stream, (entry) => state === 'ready' && handler(entry));
  };
  return view;
}

describe('index hub', () => {
  let memory: MemoryBroker;
  let broker: ReturnType<typeof flakyBroker>;

  beforeEach(() => {
    memory = new MemoryBroker({ logger: quiet });
    broker = flakyBroker(memory);
  });
  afterEach(() => memory.close());

  it('shares one broker subscription between all its clients and releases it with the last one', async () => {
    const hub = new IndexHub(broker);
    const clients = Array.from({ length: 50 }, () => recorder());
    await Promise.all(clients.map((c) => hub.add(c.client)));
    assert.equal(broker.tailCalls, 1);
    assert.equal(hub.brokerSubscriptions, 1);
    await appendTicks(broker, 3);
    await waitFor('every client got 3 entries', () => clients.every((c) => c.ids.length === 3));
    for (const c of clients) hub.remove(c.client);
    assert.equal(hub.size, 0);
    await waitFor('the subscription released', () => hub.brokerSubscriptions === 0);
  });

  it('encodes each entry once per symbol list', async () => {
    const hub = new IndexHub(broker);
    const [a, b, c] = [recorder(['BTC-USD']), recorder(['BTC-USD']), recorder()];
    for (const r of [a, b, c]) await hub.add(r.client);
    await appendTicks(broker, 1);
    await waitFor('delivered', () => c.ids.length === 1 && a.ids.length === 1 && b.ids.length === 1);
    assert.equal(a.chunks[0], b.chunks[0]);
    assert.notEqual(a.chunks[0], c.chunks[0]);
    assert.match(new TextDecoder().decode(a.chunks[0]), /event: index\n[^]*event: quote\ndata: \{"symbol":"BTC-USD",/);
  });

  it('sends one heartbeat to every client per interval, and stops its timer with the last client', async () => {
    const hub = new IndexHub(broker, 40);
    const [a, b] = [recorder(), recorder()];
    await hub.add(a.client);
    await hub.add(b.client);
    await waitFor('two heartbeats each', () => a.beats() >= 2 && b.beats() >= 2, 2000);
    hub.remove(a.client);
    hub.remove(b.client);
    const [beatsA, timers] = [a.beats(), process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length];
    await sleep(150);
    assert.equal(a.beats(), beatsA, 'no heartbeat after leaving');
    assert.ok(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length <= timers, 'no timer left behind');
  });

  it('fills the gap from the stream after a broker reconnect, in order, each id once', async () => {
    const hub = new IndexHub(broker);
    const r = recorder();
    await hub.add(r.client);
    const before = await appendTicks(broker, 3);
    await waitFor('live entries', () => r.ids.length === 3);
    broker.setState('reconnecting');
    const missed = await appendTicks(broker, 5, { from: 3 });
    await sleep(10);
    assert.equal(r.ids.length, 3, 'lost while down');
    broker.setState('ready');
    const after = await appendTicks(broker, 2, { from: 8 });
    await waitFor('the gap filled and live again', () => r.ids.length === 10);
    assert.deepEqual(r.ids, [...before, ...missed, ...after]);
  });

  it('recovers from a failed subscribe on the next client', async () => {
    const hub = new IndexHub(broker);
    const tail = broker.tail;
    broker.tail = () => Promise.reject(new Error('broker down'));
    const first = recorder();
    await assert.rejects(hub.add(first.client), /broker down/);
    hub.remove(first.client);
    broker.tail = tail;
    const second = recorder();
    await hub.add(second.client);
    await appendTicks(broker, 1);
    await waitFor('delivered', () => second.ids.length === 1);
  });

  it('closes every client on shutdown', async () => {
    const hub = new IndexHub(broker);
    const clients = [recorder(), recorder(['AAPL'])];
    for (const c of clients) await hub.add(c.client);
    hub.closeAll();
    assert.deepEqual(clients.map((c) => c.closed()), [1, 1]);
  });
});
