// Resume: a client that reconnects with the last seq it applied gets only what it missed while the
// gateway still holds it, and a fresh snapshot otherwise; either way its book ends exact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SubscribedMessage } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const DEPTH = 25;
const REPLAY_FRAMES = 100;

describe('gateway resume', () => {
  let h: GatewayHarness;
  let keeper: GatewayTestClient;
  before(async () => {
    h = await startGatewayHarness({ gateway: { replayFrames: REPLAY_FRAMES } });
    // Another client at the same depth keeps the view (and its replay ring) alive on this node.
    keeper = await GatewayTestClient.connect(h.url);
    await keeper.subscribeBook(SYMBOL, DEPTH);
    await waitFor('keeper snapshot', () => keeper.book(SYMBOL).replica);
  });
  after(async () => {
    keeper.close();
    await h.close();
  });

  async function publish(count: number): Promise<void> {
    for (let i = 0; i < count; i += 10) {
      h.feed.step(Math.min(10, count - i));
      await sleep(2);
    }
    await waitFor('keeper caught up', () => keeper.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL));
  }

  /** A client that followed the book for a while, then went away; returns its book and last seq. */
  async function leaveAfterFollowing(): Promise<GatewayTestClient> {
    const first = await GatewayTestClient.connect(h.url);
    await first.subscribeBook(SYMBOL, DEPTH);
    await publish(30);
    await waitFor('first caught up', () => first.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL));
    first.close();
    return first;
  }

  async function resume(from: GatewayTestClient): Promise<{ client: GatewayTestClient; subscribed: SubscribedMessage }> {
    const kept = from.book(SYMBOL).replica;
    assert.ok(kept);
    const client = await GatewayTestClient.connect(h.url);
    client.book(SYMBOL).replica = kept;
    await client.subscribeBook(SYMBOL, DEPTH, { epoch: kept.epoch, seq: kept.seq });
    const subscribed = client.messages.find((m): m is SubscribedMessage => m.type === 'subscribed');
    assert.ok(subscribed);
    return { client, subscribed };
  }

  async function assertExactAfterMore(client: GatewayTestClient): Promise<void> {
    await publish(20);
    await waitFor('caught up', () => client.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL));
    assert.deepEqual(client.problems, []);
    assert.deepEqual(client.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), DEPTH));
  }

  test('replays only the missed deltas while the ring holds them', async () => {
    const first = await leaveAfterFollowing();
    const lastSeq = first.book(SYMBOL).replica?.seq ?? 0;
    await publish(60);
    const missed = h.feed.seq(SYMBOL) - lastSeq;
    const { client, subscribed } = await resume(first);
    assert.equal(subscribed.replayed, missed);
    await waitFor('replayed', () => client.book(SYMBOL).seqs.length >= missed);
    const seqs = client.book(SYMBOL).seqs;
    assert.deepEqual(seqs.slice(0, missed), Array.from({ length: missed }, (_, i) => lastSeq + 1 + i));
    assert.equal(client.book(SYMBOL).snapshots, 0, 'no snapshot on a resume');
    await assertExactAfterMore(client);
    client.close();
  });

  test('replays nothing when the client is already current', async () => {
    const first = await leaveAfterFollowing();
    const { client, subscribed } = await resume(first);
    assert.equal(subscribed.replayed, 0);
    await assertExactAfterMore(client);
    assert.equal(client.book(SYMBOL).snapshots, 0);
    client.close();
  });

  test('sends a fresh snapshot when the missed deltas are past the ring', async () => {
    const first = await leaveAfterFollowing();
    await publish(REPLAY_FRAMES + 50);
    const { client, subscribed } = await resume(first);
    assert.equal(subscribed.replayed, undefined, 'a snapshot follows');
    await waitFor('snapshot', () => client.book(SYMBOL).snapshots === 1);
    await assertExactAfterMore(client);
    client.close();
  });

  test('sends a fresh snapshot for a seq the gateway has not reached', async () => {
    const client = await GatewayTestClient.connect(h.url);
    await client.subscribeBook(SYMBOL, DEPTH, { epoch: h.feed.epoch, seq: h.feed.seq(SYMBOL) + 1000 });
    await waitFor('snapshot', () => client.book(SYMBOL).snapshots === 1);
    await assertExactAfterMore(client);
    client.close();
  });
});
