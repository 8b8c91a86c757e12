// Shared frames compressed once (server/gateway/fanout/deflate-frame.ts): the compressed frame is a
// valid permessage-deflate message (RFC 7692: RSV1, the sync flush's 00 00 FF FF removed) that
// inflates back to the payload, small or incompressible frames stay plain, a client's window is
// respected, and one frame is compressed once however many sockets it goes to.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { constants, inflateRawSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { WsPort } from '../../../server/gateway/connection/ws-port.ts';
import { deflatedWireOf, deflateStats, MIN_DEFLATE_BYTES } from '../../../server/gateway/fanout/deflate-frame.ts';
import { rawFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { wireFrameOf } from '../../../server/gateway/fanout/wire-frame.ts';

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** JSON deltas like the book's, `count` of them in one array: repetitive, as real frames are. */
function deltasJson(count: number, first = 1): string {
  const deltas = Array.from({ length: count }, (_, i) => ({ type: 'book.delta', symbol: 'BTC-USD', epoch: 7, seq: first + i, ts: 1_700_000_000_000 + i * 0.37, bids: [[`${97_000 + (i % 13)}.5`, `0.${(i * 7919) % 100_000}`]], asks: [], checksum: (i * 2_654_435_761) >>> 0 }));
  return JSON.stringify(count === 1 ? deltas[0] : deltas);
}

/** Header fields and payload of one server frame. */
function parse(frame: Buffer): { fin: boolean; rsv1: boolean; rsv23: number; opcode: number; masked: boolean; payload: Buffer } {
  const first = frame[0] ?? 0;
  const second = frame[1] ?? 0;
  const len7 = second & 0x7f;
  const headerBytes = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  const length = len7 === 126 ? frame.readUInt16BE(2) : len7 === 127 ? Number(frame.readBigUInt64BE(2)) : len7;
  assert.equal(frame.length, headerBytes + length, 'the header states the payload length');
  return { fin: (first & 0x80) !== 0, rsv1: (first & 0x40) !== 0, rsv23: first & 0x30, opcode: first & 0x0f, masked: (second & 0x80) !== 0, payload: frame.subarray(headerBytes) };
}

/** What a permessage-deflate receiver does with a compressed message (RFC 7692 §7.2.2). */
function inflate(payload: Buffer, windowBits = 15): Buffer {
  return inflateRawSync(Buffer.concat([payload, TAIL]), { finishFlush: constants.Z_SYNC_FLUSH, windowBits });
}

/** A `ws` socket as WsPort sees it: negotiated terms (or none) and a frame sender that records. */
function fakeSocket(terms: Record<string, unknown> | undefined, written: Buffer[]): WebSocket {
  return {
    readyState: 1,
    bufferedAmount: 0,
    extensions: terms ? 'permessage-deflate' : '',
    _extensions: terms ? { 'permessage-deflate': { params: terms } } : {},
    _sender: { sendFrame: (list: Buffer[], callback: () => void) => (written.push(...list), callback()) },
    send: () => assert.fail('shared frames go through the frame sender'),
  } as unknown as WebSocket;
}

describe('deflated shared frames', () => {
  it('are final text frames with RSV1 set that inflate back to the payload, at every header size', () => {
    // Compressed sizes under 126, up to 65,535 and past it (random hex compresses to about half).
    const payloads = [JSON.stringify({ pad: 'x'.repeat(1_000) }), deltasJson(600), JSON.stringify({ pad: randomBytes(100_000).toString('hex') })];
    const lengths: number[] = [];
    for (const json of payloads) {
      const wire = wireFrameOf(rawFrame(json));
      const frame = parse(deflatedWireOf(wire));
      assert.deepEqual({ fin: frame.fin, rsv1: frame.rsv1, rsv23: frame.rsv23, opcode: frame.opcode, masked: frame.masked }, { fin: true, rsv1: true, rsv23: 0, opcode: 1, masked: false });
      assert.ok(!frame.payload.subarray(-4).equals(TAIL), 'the sync flush tail is removed');
      assert.equal(inflate(frame.payload).toString(), json);
      lengths.push(frame.payload.length);
    }
    assert.ok((lengths[0] ?? 0) < 126 && (lengths[1] ?? 0) >= 126 && (lengths[1] ?? 0) < 65_536 && (lengths[2] ?? 0) >= 65_536, `compressed lengths ${lengths.join(', ')}`);
  });

  it('shrinks a batch of book deltas several times', () => {
    const wire = wireFrameOf(rawFrame(deltasJson(20)));
    const deflated = deflatedWireOf(wire);
    assert.ok(deflated.length * 3 < wire.length, `${deflated.length} bytes against ${wire.length}`);
  });

  it('leaves small and incompressible frames plain: the same buffer, valid on a deflate socket', () => {
    const small = wireFrameOf(rawFrame(`{"pad":"${'0'.repeat(MIN_DEFLATE_BYTES - 11)}"}`));
    assert.equal(parse(small).payload.length, MIN_DEFLATE_BYTES - 1);
    assert.equal(deflatedWireOf(small), small);
    // Random bytes: deflate can only make them longer.
    const noise = wireFrameOf({ data: randomBytes(600), count: 1 });
    assert.equal(deflatedWireOf(noise), noise);
  });

  it('compresses for the window the client asked for, and not at all for one zlib cannot honour', () => {
    // Repeats 600 bytes apart: a 15-bit window may point back at them, a 9-bit one (512 bytes) must not.
    const block = randomBytes(300).toString('hex');
    const json = JSON.stringify({ a: block, b: block, c: block });
    const wire = wireFrameOf(rawFrame(json));
    const wide = deflatedWireOf(wire, 15);
    const narrow = deflatedWireOf(wire, 9);
    assert.notEqual(wide, narrow);
    assert.equal(inflate(parse(narrow).payload, 9).toString(), json);
    assert.ok(wide.length < narrow.length, 'the wide window finds the repeats');
    assert.equal(deflatedWireOf(wire, 8), wire);
  });

  it('uses no wider window than the payload needs, so clients that asked for different wide ones share one copy', () => {
    const wire = wireFrameOf(rawFrame(deltasJson(12, 3_000)));
    const before = deflateStats().compressions;
    const copies = [15, 14, 13].map((bits) => deflatedWireOf(wire, bits));
    assert.ok(copies.every((copy) => copy === copies[0]));
    assert.equal(deflateStats().compressions, before + 1);
    assert.equal(inflate(parse(copies[0] ?? wire).payload, 13).toString(), wire.subarray(4).toString());
  });

  it('compresses a frame once for every socket that negotiated deflate, and not for those that did not', () => {
    const frame = rawFrame(deltasJson(10, 500));
    const written: Buffer[] = [];
    const plainWritten: Buffer[] = [];
    const deflating = Array.from({ length: 200 }, () => new WsPort(fakeSocket({ server_no_context_takeover: true, client_no_context_takeover: true }, written)));
    const plain = Array.from({ length: 50 }, () => new WsPort(fakeSocket(undefined, plainWritten)));
    const before = deflateStats().compressions;
    for (const port of plain) port.send(frame.data, wireFrameOf(frame), () => undefined);
    assert.equal(deflateStats().compressions, before, 'plain sockets alone compress nothing');
    const bytes = deflating.map((port) => port.send(frame.data, wireFrameOf(frame), () => undefined));
    assert.equal(deflateStats().compressions, before + 1);
    assert.ok(written.every((buffer) => buffer === written[0]), 'the same buffer to every deflate socket');
    assert.ok(plainWritten.every((buffer) => buffer === wireFrameOf(frame)), 'the plain wire frame to the others');
    assert.ok(bytes.every((n) => n === written[0]?.length && n < wireFrameOf(frame).length), 'the bytes counted are the compressed ones');
    assert.ok(deflating.every((port) => port.isDeflating) && plain.every((port) => !port.isDeflating));
  });

  it('sends plain to a socket whose terms keep context takeover, or whose terms it cannot read', () => {
    const frame = rawFrame(deltasJson(10, 900));
    const written: Buffer[] = [];
    const withTakeover = new WsPort(fakeSocket({ client_no_context_takeover: true }, written));
    const unreadable = new WsPort({ ...fakeSocket(undefined, written), extensions: 'permessage-deflate' } as unknown as WebSocket);
    withTakeover.send(frame.data, wireFrameOf(frame), () => undefined);
    unreadable.send(frame.data, wireFrameOf(frame), () => undefined);
    assert.deepEqual(written, [wireFrameOf(frame), wireFrameOf(frame)]);
  });
});
