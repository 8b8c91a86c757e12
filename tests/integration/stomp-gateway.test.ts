// The gateway's STOMP 1.2 codec end to end (docs/codecs.md): the real @stomp/stompjs client on `/ws`
// with subprotocol v12.stomp against a gateway, a feed and a matching engine sharing one broker and
// database; hand-written frames on raw sockets for what stompjs never sends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import type { OrderAcceptedEvent } from '../../lib/protocol/order-events.ts';
import { createSession } from '../../lib/session/session-store.ts';
import { startEngine, type Engine } from '../../workers/engine/engine-worker.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { RawStompSocket, rawFrame, StompTestClient, STOMP_PROTOCOL, type ReceivedMessage, type StompConnectOptions } from '../helpers/stomp-test-client.ts';
import { instrument } from '../helpers/synthetic-book.ts';
import type { ServerMessage } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const DEPTH = 10;
const BOOK = `/topic/book.${SYMBOL}.${DEPTH}`;
const CONNECT = rawFrame('CONNECT', { 'accept-version': '1.2', host: 'tickwire' });

type ErrorBody = Extract<ServerMessage, { type: 'error' }>;
const isError = (m: ServerMessage): m is ErrorBody => m.type === 'error';

describe('STOMP 1.2 on /ws', () => {
  let engineHarness: EngineHarness;
  let h: GatewayHarness;
  let engine: Engine;
  let user: { id: string; token: string };
  const clients: StompTestClient[] = [];
  const raws: RawStompSocket[] = [];

  async function stomp(options: StompConnectOptions = {}): Promise<StompTestClient> {
    const client = await StompTestClient.connect(h.url, options);
    clients.push(client);
    return client;
  }

  async function raw(): Promise<RawStompSocket> {
    const socket = await RawStompSocket.open(h.url);
    raws.push(socket);
    return socket;
  }

  /** Publishes `count` feed updates in small bursts. */
  async function publish(count: number): Promise<void> {
    for (let i = 0; i < count; i += 5) {
      h.feed.step(Math.min(5, count - i));
      await sleep(5);
    }
  }

  /** Waits until the client's book is at the feed's seq, then checks it level for level. */
  async function assertBookExact(client: StompTestClient, destination = BOOK): Promise<void> {
    await waitFor('book caught up', () => client.book(destination).replica?.seq === h.feed.seq(SYMBOL));
    assert.deepEqual(client.problems, []);
    assert.deepEqual(client.levels(destination), topOf(h.feed.snapshot(SYMBOL), DEPTH));
  }

  before(async () => {
    engineHarness = await openEngineHarness('memory');
    h = await startGatewayHarness({ broker: engineHarness.broker, db: engineHarness.db, symbols: [SYMBOL] });
    engine = await startEngine(engineHarness.runtime, { instruments: [instrument(SYMBOL)], waitForBooksMs: 300 });
    const id = await createDemoUser(engineHarness.db.prisma, 'stomp-ann');
    user = { id, token: await createSession(engineHarness.db.prisma, id) };
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    for (const socket of raws) socket.close();
    await engine.close();
    await h.close();
    await engineHarness.close();
  });

  it('answers CONNECT with CONNECTED 1.2 on the negotiated v12.stomp; a client with no subprotocol still gets JSON hello', async () => {
    const anonymous = await stomp();
    const signedIn = await stomp({ token: user.token });
    assert.equal(anonymous.socket?.protocol, STOMP_PROTOCOL);
    for (const client of [anonymous, signedIn]) {
      const event = client.events[0];
      assert.equal(event?.kind, 'connected');
      const headers = event.kind === 'connected' ? event.frame.headers : {};
      assert.equal(headers.version, '1.2');
      assert.equal(headers['heart-beat'], '10000,0');
      assert.equal(headers.server, 'Tickwire/0.1');
      assert.equal(headers.node, 'test-node');
      assert.ok(headers.session !== undefined && headers.session.length > 0, 'session header');
    }
    const sessionOf = (client: StompTestClient): string | undefined => (client.events[0]?.kind === 'connected' ? client.events[0].frame.headers.session : undefined);
    assert.notEqual(sessionOf(anonymous), sessionOf(signedIn), 'one session id per connection');
    assert.equal(anonymous.events[0]?.kind === 'connected' && anonymous.events[0].frame.headers['user-name'], undefined);
    assert.equal(signedIn.events[0]?.kind === 'connected' && signedIn.events[0].frame.headers['user-name'], user.id);

    const json = await GatewayTestClient.connect(h.url);
    try {
      assert.equal(json.ws.protocol, '');
      assert.equal(json.messages[0]?.type, 'hello');
    } finally {
      json.close();
    }
  });

  it('streams a book: RECEIPT first, then a snapshot and deltas that stay exact by checksum', async () => {
    const client = await stomp();
    client.subscribe(BOOK, 'b-0', 'r-book');
    await client.waitForReceipt('r-book');
    await waitFor('snapshot', () => client.book(BOOK).replica);
    const firstMessage = client.events.findIndex((e) => e.kind === 'message');
    assert.ok(client.receiptIndex('r-book') < firstMessage, 'RECEIPT before the first MESSAGE');
    assert.equal(client.messages('b-0')[0]?.messages[0]?.type, 'book.snapshot');

    await publish(60);
    await assertBookExact(client);
    assert.ok(client.book(BOOK).seqs.length > 0, 'deltas were applied');
    assert.equal(client.book(BOOK).snapshots, 1);

    const messages = client.messages('b-0');
    for (const message of messages) {
      assert.equal(message.headers.destination, BOOK);
      assert.equal(message.headers.subscription, 'b-0');
      assert.equal(message.headers['content-type'], 'application/json');
      assert.equal(message.headers['content-length'], String(Buffer.byteLength(message.body)));
    }
    const ids = messages.map((m) => m.headers['message-id']);
    assert.ok(ids.every((id) => id !== undefined && id.length > 0));
    assert.equal(new Set(ids).size, ids.length, 'message-ids are unique');
    await client.close();
  });

  // Early in the file: the node's MESSAGE counter must still be below 505 ("e1" in base 36) here.
  it('numbers every MESSAGE of a connection uniquely, refusals on /user/queue/errors included', async () => {
    const client = await stomp();
    client.subscribe('/user/queue/errors', 'errors', 'r-errors');
    await client.waitForReceipt('r-errors');
    client.subscribe(BOOK, 'ids-0', 'r-ids');
    await waitFor('snapshot', () => client.book(BOOK).replica);
    const numberOf = (message: ReceivedMessage): number => Number.parseInt(message.headers['message-id'] ?? '', 36);
    const first = client.messages('ids-0')[0];
    assert.ok(first !== undefined && numberOf(first) < 500, 'precondition: the counter has not reached the errors\' ids yet');
    const refusals = 12;
    for (let i = 0; i < refusals; i++) client.send('/app/order.place', '{', `bad-${i}`);
    await waitFor('refusals', () => client.bodies('errors').length === refusals);
    // One update at a time, so each is one MESSAGE, until the book's ids pass those the refusals took.
    const pastRefusalIds = (): boolean => client.messages('ids-0').some((m) => numberOf(m) > 14 * 36 + refusals + 5);
    for (let i = 0; i < 3000 && !pastRefusalIds(); i++) {
      h.feed.step(1);
      await sleep(1);
    }
    assert.ok(pastRefusalIds(), 'streamed far enough');
    assert.deepEqual(client.problems, []);
    const ids = client.messages().map((m) => `${m.subscription}:${m.headers['message-id'] ?? ''}`);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const entry of ids) {
      const [subscription, id] = entry.split(':') as [string, string];
      const earlier = seen.get(id);
      if (earlier !== undefined) duplicates.push(`message-id ${id} on ${earlier} and ${subscription}`);
      seen.set(id, subscription);
    }
    assert.deepEqual(duplicates, []);
    await client.close();
  });

  it('takes orders with receipts on a signed-in socket and refuses them on an anonymous one', async () => {
    const client = await stomp({ token: user.token, via: 'cookie' });
    client.subscribe('/user/queue/errors', 'errors', 'r-errors');
    client.subscribe('/user/queue/orders', 'orders', 'r-orders');
    await client.waitForReceipt('r-errors');
    await client.waitForReceipt('r-orders');

    const bestBid = Number(h.feed.snapshot(SYMBOL).bids[0]?.[0]);
    const price = (Math.round(bestBid * 0.95 * 10) / 10).toFixed(1);
    client.send('/app/order.place', { clientOrderId: 'stomp-1', symbol: SYMBOL, side: 'buy', type: 'limit', quantity: '0.001', price }, 'p1');
    await client.waitForReceipt('p1');
    const accepted = await client.waitForBody('orders', 'order.accepted', (m): m is OrderAcceptedEvent => m.type === 'order.accepted');
    assert.ok(client.receiptIndex('p1') < client.events.findIndex((e) => e.kind === 'message' && e.message.subscription === 'orders'), 'RECEIPT before the result');
    assert.deepEqual([accepted.requestId, accepted.clientOrderId, accepted.price, accepted.side], ['p1', 'stomp-1', price, 'buy']);

    client.send('/app/order.amend', { orderId: accepted.orderId, quantity: '0.0005' }, 'm1');
    await client.waitForReceipt('m1');
    const amended = await client.waitForBody('orders', 'order.amended', (m) => m.type === 'order.amended');
    assert.deepEqual(amended.type === 'order.amended' && [amended.requestId, amended.orderId, amended.quantity, amended.keptPriority], ['m1', accepted.orderId, '0.00050000', true]);

    client.send('/app/order.cancel', { orderId: accepted.orderId }, 'c1');
    await client.waitForReceipt('c1');
    const cancelled = await client.waitForBody('orders', 'order.cancelled', (m) => m.type === 'order.cancelled');
    assert.deepEqual(cancelled.type === 'order.cancelled' && [cancelled.requestId, cancelled.orderId, cancelled.reason], ['c1', accepted.orderId, 'USER_REQUESTED']);
    assert.deepEqual(client.bodies('errors'), []);

    const anonymous = await stomp();
    anonymous.subscribe('/user/queue/errors', 'errors', 'r-anon-errors');
    await anonymous.waitForReceipt('r-anon-errors');
    anonymous.send('/app/order.place', { clientOrderId: 'anon-1', symbol: SYMBOL, side: 'buy', type: 'limit', quantity: '0.001', price }, 'a1');
    const refused = await anonymous.waitForBody('errors', 'UNAUTHENTICATED', isError);
    assert.deepEqual([refused.code, refused.id], ['UNAUTHENTICATED', 'a1']);
    assert.equal(anonymous.receiptIndex('a1'), -1, 'a refused SEND gets no RECEIPT');
    anonymous.subscribe(BOOK, 'b-anon', 'r-anon-book');
    await anonymous.waitForReceipt('r-anon-book');
    await waitFor('snapshot after a refusal', () => anonymous.book(BOOK).replica);
    assert.deepEqual(anonymous.closeCodes(), [], 'still connected');
  });

  it('refuses bad frames on /user/queue/errors and keeps the connection', async () => {
    const client = await stomp({ token: user.token });
    client.subscribe('/user/queue/errors', 'errors', 'r-errors');
    await client.waitForReceipt('r-errors');

    client.subscribe('/topic/book.NOPE-USD', 'nope-1', 'r-nope');
    const withReceipt = await client.waitForBody('errors', 'UNKNOWN_SYMBOL with receipt', (m): m is ErrorBody => isError(m) && m.id === 'r-nope');
    assert.equal(withReceipt.code, 'UNKNOWN_SYMBOL');
    client.subscribe('/topic/book.NOPE-USD', 'nope-2');
    const withoutReceipt = await client.waitForBody('errors', 'UNKNOWN_SYMBOL without receipt', (m): m is ErrorBody => isError(m) && m.id === 'nope-2');
    assert.equal(withoutReceipt.code, 'UNKNOWN_SYMBOL');
    assert.equal(client.receiptIndex('r-nope'), -1, 'a refused SUBSCRIBE gets no RECEIPT');

    client.send('/app/order.place', '{not json', 'j1');
    const badJson = await client.waitForBody('errors', 'BAD_JSON', (m): m is ErrorBody => isError(m) && m.id === 'j1');
    assert.equal(badJson.code, 'BAD_JSON');
    client.send('/app/order.place', { symbol: SYMBOL, side: 'buy' }, 'm1');
    const badMessage = await client.waitForBody('errors', 'BAD_MESSAGE', (m): m is ErrorBody => isError(m) && m.id === 'm1');
    assert.equal(badMessage.code, 'BAD_MESSAGE');

    for (const message of client.messages('errors')) {
      assert.equal(message.headers.destination, '/user/queue/errors');
      assert.equal(message.headers['content-type'], 'application/json');
    }
    // A refused SUBSCRIBE leaves its id free.
    client.subscribe(BOOK, 'nope-1', 'r-book');
    await client.waitForReceipt('r-book');
    await waitFor('snapshot after refusals', () => client.book(BOOK).replica);
    assert.deepEqual(client.closeCodes(), []);
    assert.equal(client.error(), undefined);
  });

  it('answers a refusal with ERROR and closes 1002 when /user/queue/errors is not subscribed', async () => {
    const client = await stomp();
    client.subscribe('/topic/book.NOPE-USD', 'nope', 'r-err');
    const error = await waitFor('ERROR', () => client.error());
    assert.equal(error.headers.code, 'UNKNOWN_SYMBOL');
    assert.ok((error.headers.message ?? '').length > 0, 'message header');
    assert.equal(error.headers['receipt-id'], 'r-err');
    assert.deepEqual(await waitFor('close', () => client.closeCodes().length > 0 && client.closeCodes()), [1002]);

    const anonymous = await raw();
    anonymous.send(CONNECT);
    await anonymous.waitForFrame('CONNECTED');
    anonymous.send(rawFrame('SEND', { destination: '/app/order.cancelAll', 'content-type': 'application/json' }, JSON.stringify({ symbol: SYMBOL })));
    const unauthenticated = await anonymous.waitForFrame('ERROR');
    assert.equal(anonymous.header(unauthenticated, 'code'), 'UNAUTHENTICATED');
    assert.equal(anonymous.header(unauthenticated, 'receipt-id'), undefined, 'no receipt asked, none echoed');
    assert.equal((await anonymous.waitForClose()).code, 1002);
  });

  it('ends the connection on malformed frames with the ERROR code the contract names', async () => {
    const cases: { name: string; frames: string[]; code: string; receipt?: string }[] = [
      { name: 'SUBSCRIBE before CONNECT', frames: [rawFrame('SUBSCRIBE', { id: 's', destination: BOOK, receipt: 'x1' })], code: 'NOT_CONNECTED', receipt: 'x1' },
      { name: 'an undefined header escape', frames: [CONNECT, rawFrame('SUBSCRIBE', { id: 's', destination: BOOK, a: 'b\\t' })], code: 'BAD_FRAME' },
      { name: 'an unknown command', frames: [CONNECT, rawFrame('FETCH', { receipt: 'x2' })], code: 'UNKNOWN_COMMAND', receipt: 'x2' },
      { name: 'ACK', frames: [CONNECT, rawFrame('ACK', { id: '1' })], code: 'UNSUPPORTED' },
      { name: 'accept-version 1.1 only', frames: [rawFrame('CONNECT', { 'accept-version': '1.1', host: 'tickwire' })], code: 'UNSUPPORTED_VERSION' },
      { name: 'SUBSCRIBE without destination', frames: [CONNECT, rawFrame('SUBSCRIBE', { id: 's' })], code: 'MISSING_HEADER' },
      { name: 'a second CONNECT', frames: [CONNECT, CONNECT], code: 'NOT_CONNECTED' },
      { name: 'a header line without a colon', frames: [CONNECT, 'SUBSCRIBE\nid:s\nno-colon\n\n\0'], code: 'BAD_FRAME' },
      { name: 'a content-length that does not match', frames: [CONNECT, 'SEND\ndestination:/app/order.place\nreceipt:x4\ncontent-length:1\n\n{}\0'], code: 'BAD_FRAME', receipt: 'x4' },
      // Each WebSocket message is under the 16 KiB cap; the frame they carry is not.
      { name: 'a frame over 16 KiB', frames: [CONNECT, `SEND\ndestination:/app/order.place\n\n${'x'.repeat(10_000)}`, `${'x'.repeat(10_000)}\0`], code: 'BAD_FRAME' },
    ];
    await Promise.all(
      cases.map(async ({ name, frames, code, receipt }) => {
        const socket = await raw();
        for (const frame of frames) socket.send(frame);
        const error = await socket.waitForFrame('ERROR');
        assert.equal(socket.header(error, 'code'), code, name);
        assert.ok((socket.header(error, 'message') ?? '').length > 0, `${name}: message header`);
        assert.equal(socket.header(error, 'receipt-id'), receipt, `${name}: receipt-id`);
        assert.equal((await socket.waitForClose()).code, 1002, name);
        assert.deepEqual(socket.problems, [], name);
      }),
    );

    // Several frames in one WebSocket message are all read, in order; so is a frame split over two.
    const socket = await raw();
    const subscribe = rawFrame('SUBSCRIBE', { id: 's-0', destination: BOOK, receipt: 'one-message' });
    socket.send(CONNECT + subscribe.slice(0, 12));
    await sleep(20);
    socket.send(subscribe.slice(12));
    await socket.waitForFrame('MESSAGE');
    assert.deepEqual(socket.commands().slice(0, 3), ['CONNECTED', 'RECEIPT', 'MESSAGE']);
    assert.equal(socket.header(socket.frames[1] ?? { headers: [] }, 'receipt-id'), 'one-message');
    assert.equal(socket.closeEvent, undefined);
  });

  it('ends the connection with UNKNOWN_DESTINATION for a destination the contract does not serve', async () => {
    const cases = [
      { frame: rawFrame('SUBSCRIBE', { id: 's', destination: '/queue/nowhere', receipt: 'd1' }), receipt: 'd1' },
      { frame: rawFrame('SEND', { destination: '/app/order.nope', receipt: 'd2' }, '{}'), receipt: 'd2' },
    ];
    const answers = await Promise.all(
      cases.map(async ({ frame }) => {
        const socket = await raw();
        socket.send(CONNECT + frame);
        const error = await socket.waitForFrame('ERROR');
        return { code: socket.header(error, 'code'), receipt: socket.header(error, 'receipt-id'), close: (await socket.waitForClose()).code };
      }),
    );
    assert.deepEqual(answers, cases.map(({ receipt }) => ({ code: 'UNKNOWN_DESTINATION', receipt, close: 1002 })));
  });

  it('stops a subscription on UNSUBSCRIBE and ends the connection on DISCONNECT, each after its RECEIPT', async () => {
    const client = await stomp();
    client.subscribe(BOOK, 'u-0', 'r-sub');
    await client.waitForReceipt('r-sub');
    await waitFor('snapshot', () => client.book(BOOK).replica);
    client.unsubscribe('u-0', 'r-unsub');
    const receiptAt = await client.waitForReceipt('r-unsub');
    await publish(30);
    await sleep(100);
    const after = client.events.slice(receiptAt).filter((e) => e.kind === 'message' && e.message.subscription === 'u-0');
    assert.equal(after.length, 0, 'no MESSAGE after the UNSUBSCRIBE receipt');
    assert.deepEqual(client.closeCodes(), []);

    const socket = await raw();
    socket.send(CONNECT);
    await socket.waitForFrame('CONNECTED');
    socket.send(rawFrame('DISCONNECT', { receipt: 'bye' }));
    const receipt = await socket.waitForFrame('RECEIPT');
    assert.equal(socket.header(receipt, 'receipt-id'), 'bye');
    const closed = await socket.waitForClose();
    assert.equal(closed.code, 1000);
  });

  // Last: the restart closes every socket of the gateway.
  it('rebuilds the book from a fresh snapshot after a gateway restart, re-subscribing in onConnect', async () => {
    const client = await stomp({ reconnectDelay: 100 });
    client.subscribe(BOOK, 'r-0', 'r-before');
    await client.waitForReceipt('r-before');
    await publish(20);
    await assertBookExact(client);

    await h.restartGateway();
    await client.waitForConnects(2, 10_000);
    assert.ok(client.closeCodes().includes(1012), `closed with 1012, got ${client.closeCodes().join(',')}`);
    await waitFor('fresh snapshot', () => client.book(BOOK).snapshots === 2, 10_000);
    await publish(40);
    await assertBookExact(client);
    const afterRestart = client.messages('r-0').filter((m) => m.messages.some((b) => b.type === 'book.snapshot'));
    assert.equal(afterRestart.length, 2, 'one snapshot per connection');
  });
});
