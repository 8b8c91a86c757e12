// What the gateway does when the broker stream breaks: a gap, a bad checksum, an outage, a missing
// snapshot, garbage. Clients see `book.stale`, then a fresh correct snapshot, and never a wrong book.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrokerState } from '../../lib/broker/broker.ts';
import { getMetrics } from '../../lib/metrics.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookChannel } from '../../lib/protocol/channels.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { switchableBroker } from '../helpers/switchable-broker.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';

async function publish(h: GatewayHarness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    h.feed.step(1);
    await sleep(1);
  }
}

async function assertExact(h: GatewayHarness, client: GatewayTestClient, depth: number): Promise<void> {
  await waitFor('caught up', () => client.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL), 5000);
  assert.deepEqual(client.problems, [], 'no gap or checksum mismatch ever reached the client');
  assert.deepEqual(client.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), depth));
}

/** Types of the book messages after the first snapshot, e.g. [..., 'book.stale', 'book.snapshot', ...]. */
function bookTypes(messages: MarketMessage[]): string[] {
  return messages.filter((m) => m.type.startsWith('book.')).map((m) => m.type);
}

describe('gateway broker faults', () => {
  let h: GatewayHarness;
  let gatewayBroker: ReturnType<typeof switchableBroker> | undefined;
  let client: GatewayTestClient;
  before(async () => {
    h = await startGatewayHarness({
      gatewayBroker: (broker) => {
        gatewayBroker = switchableBroker(broker);
        return gatewayBroker;
      },
    });
    client = await GatewayTestClient.connect(h.url);
    await client.subscribeBook(SYMBOL, 50);
    await waitFor('snapshot', () => client.book(SYMBOL).replica);
    await publish(h, 20);
  });
  after(async () => {
    client.close();
    await h.close();
  });

  function setBrokerState(state: BrokerState): void {
    assert.ok(gatewayBroker);
    gatewayBroker.setState(state);
  }

  test('a skipped seq makes clients stale, then gives them a fresh snapshot', async () => {
    const resyncs = h.gateway.stats().resyncs;
    const snapshots = client.book(SYMBOL).snapshots;
    h.feed.skipNext(SYMBOL);
    await publish(h, 20);
    await waitFor('fresh snapshot', () => client.book(SYMBOL).snapshots === snapshots + 1);
    assert.equal(h.gateway.stats().resyncs, resyncs + 1);
    assert.equal(client.book(SYMBOL).stales, 1);
    const types = bookTypes(client.messages);
    assert.equal(types[types.indexOf('book.stale') + 1], 'book.snapshot', 'the stale notice is followed by a snapshot');
    await assertExact(h, client, 50);
  });

  test('a gap inside one batched broker message (an array of deltas) is caught the same way', async () => {
    const stales = client.book(SYMBOL).stales;
    const snapshots = client.book(SYMBOL).snapshots;
    h.feed.step(5);
    h.feed.skipNext(SYMBOL);
    h.feed.step(15); // one turn: the feed publishes these as one array with a hole in it
    await waitFor('fresh snapshot', () => client.book(SYMBOL).snapshots === snapshots + 1);
    assert.equal(client.book(SYMBOL).stales, stales + 1);
    await publish(h, 10);
    await assertExact(h, client, 50);
  });

  test('a corrupted checksum makes clients stale, then gives them a fresh snapshot', async () => {
    const stales = client.book(SYMBOL).stales;
    const snapshots = client.book(SYMBOL).snapshots;
    h.feed.corruptNext(SYMBOL);
    await publish(h, 20);
    await waitFor('fresh snapshot', () => client.book(SYMBOL).snapshots === snapshots + 1);
    assert.equal(client.book(SYMBOL).stales, stales + 1);
    await assertExact(h, client, 50);
  });

  test('a broker outage makes clients stale; on reconnect every book resyncs', async () => {
    const stales = client.book(SYMBOL).stales;
    const snapshots = client.book(SYMBOL).snapshots;
    setBrokerState('reconnecting');
    await waitFor('stale', () => client.book(SYMBOL).stales === stales + 1);
    await publish(h, 30); // lost for the gateway
    assert.equal(client.book(SYMBOL).snapshots, snapshots);
    setBrokerState('ready');
    await waitFor('fresh snapshot', () => client.book(SYMBOL).snapshots === snapshots + 1);
    await publish(h, 20);
    await assertExact(h, client, 50);
  });

  test('logs, counts and drops garbage on the book channel without disturbing clients', async () => {
    const metric = async (): Promise<number> => (await getMetrics().badInput.get()).values.filter((v) => v.labels.source === 'broker').reduce((sum, v) => sum + v.value, 0);
    const before = await metric();
    const stales = client.book(SYMBOL).stales;
    await h.broker.publish(bookChannel(SYMBOL), 'not json');
    await h.broker.publish(bookChannel(SYMBOL), JSON.stringify({ type: 'book.delta', symbol: SYMBOL, seq: 'x' }));
    await publish(h, 10);
    await assertExact(h, client, 50);
    assert.equal(await metric(), before + 2);
    assert.equal(client.book(SYMBOL).stales, stales);
  });
});

describe('gateway without a snapshot key', () => {
  test('asks the feed for a snapshot and serves the book once one is stored', async () => {
    const h = await startGatewayHarness({ shouldStartFeed: false });
    const requests: string[] = [];
    const stopCounting = await h.broker.subscribe(SNAPSHOT_REQUEST_CHANNEL, (symbol) => requests.push(symbol));
    const client = await GatewayTestClient.connect(h.url);
    await client.subscribeBook(SYMBOL, 10);
    await sleep(300);
    assert.equal(client.book(SYMBOL).snapshots, 0, 'no snapshot without a key');
    assert.ok(requests.length > 1 && requests.every((symbol) => symbol === SYMBOL), 'keeps asking the feed');
    await stopCounting();
    await h.feed.start();
    await waitFor('snapshot', () => client.book(SYMBOL).snapshots === 1, 5000);
    await publish(h, 20);
    await assertExact(h, client, 10);
    client.close();
    await h.close();
  });
});
