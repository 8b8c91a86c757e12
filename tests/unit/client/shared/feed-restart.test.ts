// A feed that starts a new run (a new leader's term, so a new epoch) while three tabs share one socket:
// the gateway says the book is stale, then sends the new run's snapshot, whose sequence starts again
// near 1. Every tab's book follows it down to the lower seq and on from there, live, without asking
// for anything: the seq shown going back is the new run, not an old frame or a stalled book.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialBookState, reduceBook, type BookEvent, type BookState } from '../../../../lib/client/book-store.ts';
import { GatewayHub } from '../../../../lib/client/shared/gateway-hub.ts';
import type { HolderMessage } from '../../../../lib/client/shared/relay-messages.ts';
import type { BookDelta, BookSnapshot } from '../../../../lib/market/book-messages.ts';
import { SyntheticBook } from '../../../helpers/synthetic-book.ts';
import { fakeSockets } from '../fake-socket.ts';

const frameDone = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const bookSub = { op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, timing: true };
const subscribed = { type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 };

function feedRun(): SyntheticBook {
  return new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.50000000']]);
}

const snapshotOf = (snapshot: BookSnapshot, epoch: number) => ({ type: 'book.snapshot', ...snapshot, epoch });
const deltaOf = (delta: BookDelta, epoch: number) => ({ type: 'book.delta', ...delta, epoch });

/** A tab's book as its page shows it: every gateway message the hub posts it, through the reducer. */
function tabBook(hub: GatewayHub, id: string) {
  let state: BookState = initialBookState('BTC-USD');
  const shown: string[] = [];
  const actions: string[] = [];
  hub.join(id, 'ws://test/ws', (message: HolderMessage) => {
    if (message.t !== 'messages') return;
    for (const item of structuredClone(message.messages)) {
      if (!item.type.startsWith('book.') && item.type !== 'subscribed') continue;
      const step = reduceBook(state, item as BookEvent);
      state = step.state;
      actions.push(step.action);
      shown.push(`${state.status}:${state.replica ? `${state.replica.epoch}/${state.replica.seq}` : '-'}`);
    }
  });
  return {
    send: (request: object) => hub.handle({ t: 'send', tab: id, request }),
    shown,
    actions,
    state: () => state,
  };
}

describe('tabs sharing a socket when the feed starts a new run', () => {
  it("moves every tab's book to the new run's lower seq and on from there, live, with no request", async () => {
    const sockets = fakeSockets();
    const hub = new GatewayHub({ createSocket: sockets.factory, random: () => 0, openIndex: () => () => undefined });
    const tabs = ['a', 'b', 'c'].map((id) => tabBook(hub, id));
    const socket = sockets.last();
    socket.open();
    for (const tab of tabs) tab.send(bookSub);

    const first = feedRun();
    const firstEpoch = 1_000;
    socket.receive([subscribed, snapshotOf(first.snapshot(), firstEpoch)]);
    for (let i = 0; i < 5; i++) socket.receive(deltaOf(first.change([[`64999.${8 - i}`, '1.00000000']], []), firstEpoch));
    await frameDone();
    for (const tab of tabs) assert.equal(tab.shown.at(-1), `live:${firstEpoch}/6`);

    // The new leader's feed: its gateway mirror resyncs (stale), then serves the new run from its start.
    const second = feedRun();
    const secondEpoch = 2_000;
    socket.receive({ type: 'book.stale', symbol: 'BTC-USD', reason: 'feed epoch changed' });
    socket.receive(snapshotOf(second.snapshot(), secondEpoch));
    socket.receive(deltaOf(second.change([], [['65000.2', '1.00000000']]), secondEpoch));
    socket.receive(deltaOf(second.change([], [['65000.3', '1.00000000']]), secondEpoch));
    await frameDone();

    for (const tab of tabs) {
      assert.deepEqual(tab.shown.slice(-4), [`stale:${firstEpoch}/6`, `live:${secondEpoch}/1`, `live:${secondEpoch}/2`, `live:${secondEpoch}/3`], 'back to 1, then on');
      assert.ok(tab.actions.every((action) => action === 'none'), 'nothing to ask for: the new run came by itself');
      assert.equal(tab.state().status, 'live');
    }
    assert.deepEqual(socket.sent, [bookSub], 'one subscribe for all three tabs, and no resync');
  });
});
