// Hop times in a book view: subscribers that asked (`timing: true`) get each live delta with
// `"hops":[feed, read, sent]` appended, one frame per turn shared by all of them; the others get
// exactly today's bytes, whether or not a timed subscriber shares their view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BookDelta } from '../../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../../lib/market/book-replica.ts';
import { hopsOf } from '../../../lib/protocol/hops.ts';
import { BookSubscription } from '../../../server/gateway/fanout/book-subscription.ts';
import type { ClientOutbox } from '../../../server/gateway/fanout/client-outbox.ts';
import { DepthView, type TopLevels } from '../../../server/gateway/fanout/depth-view.ts';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { withHops } from '../../../server/gateway/fanout/timed-lane.ts';
import { SyntheticBook } from '../../helpers/synthetic-book.ts';

const SYMBOL = 'BTC-USD';
const FEED_TS = 1_700_000_000_000;

/** A socket's outbox that keeps what it was given. */
function recordingOutbox(): { outbox: ClientOutbox; frames: SharedFrame[] } {
  const frames: SharedFrame[] = [];
  const outbox = { send: (frame: SharedFrame) => frames.push(frame), dropOwned: () => undefined } as unknown as ClientOutbox;
  return { outbox, frames };
}

function subscriber(timing: boolean): { sub: BookSubscription; frames: SharedFrame[] } {
  const { outbox, frames } = recordingOutbox();
  return { sub: new BookSubscription(SYMBOL, 10, outbox, `book:${SYMBOL}`, timing), frames };
}

function topOf(replica: BookReplica): TopLevels {
  return { bids: replica.book.top('bid', 10), asks: replica.book.top('ask', 10) };
}

/** A feed book, the gateway's verified replica of it, and a way to push the feed's next change through `views`. */
function market(): { replica: BookReplica; change(views: DepthView[], bids: [string, string][], readAtMs: number): BookDelta } {
  const feed = new SyntheticBook(SYMBOL, [['65000.0', '1.0'], ['64999.5', '2.0']], [['65000.5', '1.0']]);
  const built = bookFromSnapshot(feed.snapshot());
  assert.equal(built.status, 'ok');
  const replica = (built as { replica: BookReplica }).replica;
  return {
    replica,
    change(views, bids, readAtMs) {
      const delta = { ...feed.change(bids, []), ts: FEED_TS };
      const before = topOf(replica);
      assert.equal(applyDelta(replica, delta).status, 'ok');
      for (const view of views) view.onDelta(delta, before, topOf(replica), replica, readAtMs);
      return delta;
    },
  };
}

const texts = (frames: SharedFrame[]): string[] => frames.map((frame) => frame.data.toString());

describe('DepthView with timed subscribers', () => {
  it('sends the others byte-identical frames, with or without a timed subscriber in the view', async () => {
    const { replica, change } = market();
    const alone = new DepthView(SYMBOL, 10, 16);
    const mixed = new DepthView(SYMBOL, 10, 16);
    const plainAlone = subscriber(false);
    const plainMixed = subscriber(false);
    const timed = subscriber(true);
    alone.add(plainAlone.sub, replica, undefined, () => undefined);
    mixed.add(plainMixed.sub, replica, undefined, () => undefined);
    mixed.add(timed.sub, replica, undefined, () => undefined);
    const delta = change([alone, mixed], [['65000.0', '1.5']], FEED_TS + 3);
    await nextTurn();
    assert.deepEqual(texts(plainMixed.frames), texts(plainAlone.frames));
    // Today's delta, to the byte: no hops field, nothing else added.
    assert.equal(
      texts(plainMixed.frames)[1],
      `{"type":"book.delta","symbol":"BTC-USD","epoch":${delta.epoch},"seq":${delta.seq},"ts":${FEED_TS},"bids":[["65000.0","1.50000000"]],"asks":[],"checksum":${delta.checksum}}`,
    );
  });

  it('gives timed subscribers the same delta with hops [feed ts, read, sent] appended, one frame shared by all of them', async () => {
    const { replica, change } = market();
    const view = new DepthView(SYMBOL, 10, 16);
    const plain = subscriber(false);
    const timedA = subscriber(true);
    const timedB = subscriber(true);
    for (const s of [plain, timedA, timedB]) view.add(s.sub, replica, undefined, () => undefined);
    const readAtMs = Date.now();
    change([view], [['65000.0', '1.5']], readAtMs);
    await nextTurn();
    const [plainDelta, timedDelta] = [plain.frames[1], timedA.frames[1]];
    assert.ok(plainDelta && timedDelta);
    assert.equal(timedB.frames[1], timedDelta, 'built once, the same frame object for every timed subscriber');
    assert.equal(timedA.frames[0], plain.frames[0], 'snapshots are shared and carry no hops');
    assert.equal(hopsOf(JSON.parse(timedA.frames[0]?.data.toString() ?? '')), undefined);
    const text = timedDelta.data.toString();
    assert.ok(text.startsWith(plainDelta.data.toString().slice(0, -1)), 'every byte before the hops is the plain frame’s');
    const hops = hopsOf(JSON.parse(text));
    assert.ok(hops, text);
    assert.equal(hops[0], FEED_TS);
    assert.equal(hops[1], readAtMs);
    assert.ok(hops[2] >= hops[1] && hops[2] <= Date.now() + 1, `sent ${hops[2]} after read ${hops[1]}`);
    const { hops: _hops, ...rest } = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(rest, JSON.parse(plainDelta.data.toString()));
  });

  it('joins one turn’s deltas into one array frame for each lane, each timed message with its own hops', async () => {
    const { replica, change } = market();
    const view = new DepthView(SYMBOL, 10, 16);
    const plain = subscriber(false);
    const timed = subscriber(true);
    view.add(plain.sub, replica, undefined, () => undefined);
    view.add(timed.sub, replica, undefined, () => undefined);
    change([view], [['65000.0', '1.5']], FEED_TS + 1);
    change([view], [['64999.5', '0']], FEED_TS + 2);
    await nextTurn();
    assert.equal(plain.frames.length, 2);
    assert.equal(timed.frames.length, 2);
    assert.equal(plain.frames[1]?.count, 2);
    const messages = JSON.parse(timed.frames[1]?.data.toString() ?? '') as unknown[];
    assert.deepEqual(
      messages.map((m) => hopsOf(m)?.slice(0, 2)),
      [
        [FEED_TS, FEED_TS + 1],
        [FEED_TS, FEED_TS + 2],
      ],
    );
    assert.ok(!plain.frames[1]?.data.toString().includes('hops'));
  });

  it('stops building timed frames once the last timed subscriber leaves', async () => {
    const { replica, change } = market();
    const view = new DepthView(SYMBOL, 10, 16);
    const plain = subscriber(false);
    const timed = subscriber(true);
    view.add(plain.sub, replica, undefined, () => undefined);
    view.add(timed.sub, replica, undefined, () => undefined);
    view.remove(timed.sub);
    change([view], [['65000.0', '1.5']], FEED_TS + 1);
    await nextTurn();
    assert.equal(timed.frames.length, 1, 'only its snapshot');
    assert.equal(plain.frames.length, 2);
  });
});

describe('withHops', () => {
  it('splices the field in before the closing brace, leaving the rest of the bytes as they were', () => {
    const frame = { data: Buffer.from('{"type":"book.delta","seq":7}'), count: 1 };
    assert.equal(withHops(frame, 100, 101.5, 102.25).data.toString(), '{"type":"book.delta","seq":7,"hops":[100,101.5,102.25]}');
  });
});
