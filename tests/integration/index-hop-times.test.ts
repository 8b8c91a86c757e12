// The index's hop times over the gateway, as the SSE index has them: a JSON, STOMP or Socket.IO
// subscriber that asks (`timing`) gets every live tick with `hops` [feed ts, gateway read, gateway sent]
// in order and before it arrived; a subscriber that did not ask gets the same ticks without the field.
// Over Redis, under the run's own key prefix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { hopClockMs } from '../../lib/hop-clock.ts';
import { hopsOf } from '../../lib/protocol/hops.ts';
import type { GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient } from '../helpers/gateway-test-client.ts';
import { startIndexGatewayHarness, type IndexGatewayHarness } from '../helpers/index-gateway-harness.ts';
import { rawFrame, RawStompSocket } from '../helpers/stomp-test-client.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** Stamps keep 0.1 ms, so two clocks read in two places may round apart by that much. */
const RESOLUTION_MS = 0.1;

type Tick = Record<string, unknown> & { id: string };

/** Asserts a tick's hops are in order, the last no later than its arrival here. */
function assertTimed(tick: Tick, receivedAtMs: number): void {
  const hops = hopsOf(tick);
  assert.ok(hops, `tick ${tick.id} carries hops`);
  const [feed, read, sent] = hops;
  assert.equal(feed, tick.ts, 'hops[0] is the feed ts');
  assert.ok(feed <= read + RESOLUTION_MS + 1, `feed ${feed} ≤ read ${read}`);
  assert.ok(read <= sent, `read ${read} ≤ sent ${sent}`);
  assert.ok(sent <= receivedAtMs + RESOLUTION_MS, `sent ${sent} ≤ received ${receivedAtMs}`);
}

const ticksOf = (payload: unknown): Tick[] => (Array.isArray(payload) ? (payload as Tick[]) : [payload as Tick]).filter((m) => m.type === 'index');

describe('index hop times over WebSocket', () => {
  let harness: IndexGatewayHarness;
  let h: GatewayHarness;
  before(async () => {
    harness = await startIndexGatewayHarness();
    h = harness.h;
  });
  after(() => harness.close());

  const append = (count: number): Promise<string[]> => harness.append(count);

  test('the JSON protocol stamps the live ticks of a timed subscriber only', async () => {
    const timed = await GatewayTestClient.connect(h.url);
    const plain = await GatewayTestClient.connect(h.url);
    const arrivals = new Map<string, number>();
    timed.ws.on('message', (data) => {
      const receivedAtMs = hopClockMs();
      for (const tick of ticksOf(JSON.parse(data.toString()))) arrivals.set(tick.id, receivedAtMs);
    });
    timed.send({ op: 'subscribe', id: 't', channel: 'index', timing: true });
    plain.send({ op: 'subscribe', id: 'p', channel: 'index' });
    await timed.waitForMessage('timed subscribed', (m) => m.type === 'subscribed');
    await plain.waitForMessage('plain subscribed', (m) => m.type === 'subscribed');
    const ids = await append(5);
    const received = (client: GatewayTestClient): Tick[] => client.messages.filter((m) => m.type === 'index') as unknown as Tick[];
    await waitFor('five ticks on both', () => received(timed).length === 5 && received(plain).length === 5);
    assert.deepEqual(
      received(timed).map((t) => t.id),
      ids,
    );
    for (const tick of received(timed)) assertTimed(tick, arrivals.get(tick.id) ?? 0);
    for (const tick of received(plain)) assert.equal(tick.hops, undefined, 'a plain subscriber gets no hops');
    // The same tick, the same fields: the timed one has hops and nothing else more.
    const [first] = received(timed);
    assert.ok(first);
    const { hops: _hops, ...rest } = first;
    assert.deepEqual(rest, received(plain)[0]);
    timed.close();
    plain.close();
  });

  test('STOMP asks with the SUBSCRIBE header timing:true', async () => {
    const socket = await RawStompSocket.open(h.url);
    socket.send(rawFrame('CONNECT', { 'accept-version': '1.2', host: 'tickwire' }));
    await socket.waitForFrame('CONNECTED');
    socket.send(rawFrame('SUBSCRIBE', { id: 'ix-t', destination: '/topic/index', timing: 'true', receipt: 'r-t' }));
    await socket.waitForFrame('RECEIPT');
    await append(3);
    const ticks = (): Tick[] => socket.frames.filter((f) => f.command === 'MESSAGE').flatMap((f) => ticksOf(JSON.parse(f.body)));
    await waitFor('three ticks over STOMP', () => ticks().length === 3);
    for (const tick of ticks()) assertTimed(tick, hopClockMs());
    socket.close();
  });

  test('Socket.IO asks with timing: true in its subscribe payload', async () => {
    const socket: Socket = io(`http://127.0.0.1:${h.port}`, { path: '/socket.io/', transports: ['websocket'], reconnection: false });
    const received: { tick: Tick; receivedAtMs: number }[] = [];
    socket.on('index', (payload: unknown) => {
      const receivedAtMs = hopClockMs();
      for (const tick of ticksOf(payload)) received.push({ tick, receivedAtMs });
    });
    try {
      const ack = (await socket.timeout(5000).emitWithAck('subscribe', { channel: 'index', timing: true })) as { ok: boolean };
      assert.equal(ack.ok, true);
      await append(3);
      await waitFor('three ticks over Socket.IO', () => received.length === 3);
      for (const { tick, receivedAtMs } of received) assertTimed(tick, receivedAtMs);
    } finally {
      socket.disconnect();
    }
  });

  test('a timing flag that is not a boolean is refused', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 'bad', channel: 'index', timing: 'yes' });
    const error = await client.waitForMessage('refusal', (m) => m.type === 'error' && m.id === 'bad');
    assert.equal(error.type === 'error' && error.code, 'BAD_MESSAGE');
    client.close();
  });
});
