// How each codec writes the fan-out's frames: built once per update and reader, shared by every
// connection that reads it the same way, and dropped where nothing on the connection asked for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StompParser } from '../../../lib/protocol/stomp/stomp-parser.ts';
import { JSON_FORMAT, USER_ROUTE } from '../../../server/gateway/fanout/outbound-format.ts';
import { encodeFrame, type SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { SocketIoFormat } from '../../../server/gateway/socketio/socketio-format.ts';
import { StompFormat, stompTarget, type StompTarget } from '../../../server/gateway/stomp/stomp-format.ts';

const delta = (seq: number): SharedFrame => encodeFrame({ type: 'book.delta', symbol: 'BTC-USD', epoch: 1, seq, ts: 5, bids: [['1', '2']], asks: [], checksum: 7 });

function stompFormat(targets: Record<string, StompTarget>): StompFormat {
  return new StompFormat({ targetOf: (route) => targets[route] });
}

describe('outbound formats', () => {
  it('JSON: the frame itself, and held frames joined into one array', () => {
    const [a, b] = [delta(1), delta(2)];
    assert.equal(JSON_FORMAT.encode(a, 'book:BTC-USD'), a.data);
    const joined = JSON_FORMAT.join([
      { frame: a, route: 'book:BTC-USD' },
      { frame: b, route: undefined },
    ]);
    assert.deepEqual(joined.map((payload) => JSON.parse(payload.toString()) as unknown), [[JSON.parse(a.data.toString()), JSON.parse(b.data.toString())]]);
  });

  it('STOMP: one MESSAGE per update and subscription, shared by connections that subscribed alike', () => {
    const target = stompTarget('/topic/book.BTC-USD.10', 'sub-0');
    const [first, second] = [stompFormat({ 'book:BTC-USD': target }), stompFormat({ 'book:BTC-USD': target })];
    const other = stompFormat({ 'book:BTC-USD': stompTarget('/topic/book.BTC-USD.10', 'sub-1') });
    const frame = delta(1);
    const message = first.encode(frame, 'book:BTC-USD');
    assert.ok(Buffer.isBuffer(message));
    assert.equal(second.encode(frame, 'book:BTC-USD'), message, 'the same bytes, not a copy');
    assert.notEqual(other.encode(frame, 'book:BTC-USD'), message);
    assert.equal(first.wire(frame, 'book:BTC-USD'), second.wire(frame, 'book:BTC-USD'));
    const events = new StompParser({ maxFrameBytes: 16_384, maxHeaders: 16 }).push(message);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event?.kind === 'frame');
    assert.equal(event.frame.command, 'MESSAGE');
    assert.deepEqual(
      event.frame.headers.filter(([name]) => name !== 'message-id'),
      [
        ['destination', '/topic/book.BTC-USD.10'],
        ['subscription', 'sub-0'],
        ['content-type', 'application/json'],
        ['content-length', String(frame.data.length)],
      ],
    );
    assert.equal(event.frame.body, frame.data.toString());
  });

  it('STOMP: drops a route nothing reads (order events without /user/queue/orders), passes its own frames as they are, joins frames into one message', () => {
    const format = stompFormat({ 'trades:BTC-USD': stompTarget('/topic/trades.BTC-USD', 's') });
    assert.equal(format.encode(delta(1), USER_ROUTE), undefined);
    const receipt = { data: Buffer.from('RECEIPT\nreceipt-id:r\n\n\0'), count: 1 };
    assert.equal(format.encode(receipt, undefined), receipt.data);
    const joined = format.join([
      { frame: receipt, route: undefined },
      { frame: delta(2), route: USER_ROUTE },
      { frame: delta(3), route: 'trades:BTC-USD' },
    ]);
    assert.equal(joined.length, 1);
    const commands = new StompParser({ maxFrameBytes: 16_384, maxHeaders: 16 }).push(joined[0] as Buffer).map((event) => (event.kind === 'frame' ? event.frame.command : event.kind));
    assert.deepEqual(commands, ['RECEIPT', 'MESSAGE']);
  });

  it('Socket.IO: one EVENT packet per update and event name, shared; one packet per held frame', () => {
    const events = { 'book:BTC-USD': 'book.BTC-USD.10' } as Record<string, string>;
    const [first, second] = [new SocketIoFormat({ eventOf: (route) => events[route] }), new SocketIoFormat({ eventOf: (route) => events[route] })];
    const frame = delta(1);
    const packet = first.encode(frame, 'book:BTC-USD');
    assert.equal(packet, `2["book.BTC-USD.10",${frame.data.toString()}]`);
    assert.equal(second.encode(frame, 'book:BTC-USD'), packet);
    assert.equal(first.encode(frame, 'trades:BTC-USD'), undefined);
    assert.equal(first.wire(), undefined);
    assert.equal(first.join([{ frame, route: 'book:BTC-USD' }, { frame: delta(2), route: 'book:BTC-USD' }]).length, 2);
  });
});
