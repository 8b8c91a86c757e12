// The capture script's WebSocket frame decoder and hex dump, on frames built by hand byte by byte
// from RFC 6455 §5.2: every length form, masked and unmasked, a close frame's code, a cut-off tail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHeader, dumpFrame } from '../../../scripts/capture/frame-dump.ts';
import { applyMask, closeCodeName, decodeFrames } from '../../../scripts/capture/websocket-frames.ts';

const KEY = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** A frame as a sender writes it: header, optional key, payload (masked with the key when given). */
function frame(options: { fin?: boolean; rsv?: number; opcode: number; payload: Buffer; key?: Buffer; form?: '7' | '16' | '64' }): Buffer {
  const length = options.payload.length;
  const form = options.form ?? (length < 126 ? '7' : length < 65536 ? '16' : '64');
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | options.opcode;
  const maskBit = options.key ? 0x80 : 0;
  let header: Buffer;
  if (form === '7') header = Buffer.from([first, maskBit | length]);
  else if (form === '16') {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, ...(options.key ? [options.key, applyMask(options.payload, options.key)] : [options.payload])]);
}

describe('WebSocket frame decoder', () => {
  it('decodes the RFC example: an unmasked "Hello" (81 05 48 65 6c 6c 6f)', () => {
    const { frames, incompleteTail } = decodeFrames(Buffer.from('810548656c6c6f', 'hex'));
    assert.equal(incompleteTail, 0);
    assert.equal(frames.length, 1);
    const [hello] = frames;
    assert.ok(hello);
    assert.equal(hello.fin, true);
    assert.equal(hello.rsv, 0);
    assert.equal(hello.opcode, 1);
    assert.equal(hello.masked, false);
    assert.equal(hello.maskingKey, null);
    assert.equal(hello.payloadLength, 5);
    assert.equal(hello.lengthForm, '7-bit');
    assert.equal(hello.payload.toString(), 'Hello');
  });

  it('decodes the RFC example: a masked "Hello" (81 85 37 fa 21 3d 7f 9f 4d 51 58), keeping the bytes on the wire', () => {
    const [hello] = decodeFrames(Buffer.from('818537fa213d7f9f4d5158', 'hex')).frames;
    assert.ok(hello);
    assert.equal(hello.masked, true);
    assert.deepEqual(hello.maskingKey, KEY);
    assert.deepEqual(hello.payloadOnWire, Buffer.from('7f9f4d5158', 'hex'));
    assert.equal(hello.payload.toString(), 'Hello');
  });

  it('reads a 16-bit length (126, then two bytes) for a 300-byte payload', () => {
    const payload = Buffer.alloc(300, 0x61);
    const bytes = frame({ opcode: 1, payload });
    assert.deepEqual(bytes.subarray(0, 4), Buffer.from([0x81, 0x7e, 0x01, 0x2c]));
    const [decoded] = decodeFrames(bytes).frames;
    assert.ok(decoded);
    assert.equal(decoded.lengthForm, '16-bit');
    assert.equal(decoded.payloadLength, 300);
    assert.equal(decoded.header.length, 4);
    assert.deepEqual(decoded.payload, payload);
  });

  it('reads a 64-bit length (127, then eight bytes) for a 65,536-byte masked binary payload', () => {
    const payload = Buffer.alloc(65_536);
    for (let i = 0; i < payload.length; i++) payload[i] = i % 251;
    const bytes = frame({ opcode: 2, payload, key: KEY });
    assert.deepEqual(bytes.subarray(0, 10), Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0]));
    const [decoded] = decodeFrames(bytes).frames;
    assert.ok(decoded);
    assert.equal(decoded.lengthForm, '64-bit');
    assert.equal(decoded.opcode, 2);
    assert.equal(decoded.payloadLength, 65_536);
    assert.deepEqual(decoded.maskingKey, KEY);
    assert.deepEqual(decoded.payload, payload);
    assert.notDeepEqual(decoded.payloadOnWire, payload);
  });

  it('decodes a small payload sent in a longer length form as the sender wrote it', () => {
    const [decoded] = decodeFrames(frame({ opcode: 1, payload: Buffer.from('hi'), form: '64' })).frames;
    assert.ok(decoded);
    assert.equal(decoded.lengthForm, '64-bit');
    assert.equal(decoded.payload.toString(), 'hi');
  });

  it("reads a close frame's 2-byte code and reason, masked or not, and an empty close as no code", () => {
    const body = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('capture done')]);
    const stream = Buffer.concat([frame({ opcode: 8, payload: body, key: KEY }), frame({ opcode: 8, payload: Buffer.from([0x0f, 0xa0]) }), frame({ opcode: 8, payload: Buffer.alloc(0) })]);
    const [masked, unmasked, empty] = decodeFrames(stream).frames;
    assert.deepEqual(masked?.close, { code: 1000, reason: 'capture done' });
    assert.deepEqual(unmasked?.close, { code: 4000, reason: '' });
    assert.equal(empty?.close, undefined);
    assert.equal(closeCodeName(1000), 'normal closure');
    assert.equal(closeCodeName(4000), 'application-defined');
  });

  it('splits back-to-back frames and reports a cut-off frame at the end as an incomplete tail', () => {
    const ping = frame({ opcode: 9, payload: Buffer.from('tickwire'), key: KEY });
    const pong = frame({ opcode: 10, payload: Buffer.from('tickwire') });
    const partial = frame({ opcode: 1, payload: Buffer.alloc(300) }).subarray(0, 50);
    const { frames, incompleteTail } = decodeFrames(Buffer.concat([ping, pong, partial]));
    assert.deepEqual(frames.map((f) => [f.opcode, f.offset, f.payload.toString()]), [
      [9, 0, 'tickwire'],
      [10, ping.length, 'tickwire'],
    ]);
    assert.equal(incompleteTail, 50);
    assert.equal(decodeFrames(Buffer.from([0x81])).incompleteTail, 1);
    assert.equal(decodeFrames(Buffer.from([0x81, 0x7e, 0x01])).incompleteTail, 3);
  });

  it('keeps FIN=0 and the RSV bits as sent', () => {
    const [decoded] = decodeFrames(frame({ fin: false, rsv: 0b100, opcode: 0, payload: Buffer.from('x') })).frames;
    assert.equal(decoded?.fin, false);
    assert.equal(decoded?.rsv, 4);
    assert.equal(decoded?.opcode, 0);
  });

  it('refuses a 64-bit length with its most significant bit set', () => {
    const bytes = Buffer.from([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1]);
    assert.throws(() => decodeFrames(bytes), /most significant bit/);
  });
});

describe('annotated hex dump of a frame', () => {
  it('annotates the header with every field, the length form included', () => {
    const [decoded] = decodeFrames(frame({ opcode: 1, payload: Buffer.alloc(300, 0x61) })).frames;
    assert.ok(decoded);
    assert.equal(describeHeader(decoded), 'FIN=1 RSV=000 opcode=0x1 (text) MASK=0 length=300 (16-bit)');
    const lines = dumpFrame(decoded);
    assert.match(lines[0] ?? '', /^0000  81 7e 01 2c\s+FIN=1 RSV=000 opcode=0x1 \(text\) MASK=0 length=300 \(16-bit\)$/);
    assert.match(lines[1] ?? '', /^0004  61 61 .* {2}aaaaaaaaaaaaaaaa$/);
    // 64 bytes shown (4 rows of 16), then what was left out.
    assert.equal(lines.length, 6);
    assert.equal(lines[5]?.trim(), '… 236 more payload bytes not shown (300 in all)');
  });

  it('shows a masked frame as it crossed the wire, then unmasked, and a close code in words', () => {
    const body = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
    const [decoded] = decodeFrames(frame({ opcode: 8, payload: body, key: KEY })).frames;
    assert.ok(decoded);
    const lines = dumpFrame(decoded);
    assert.match(lines[0] ?? '', /^0000  88 85\s+FIN=1 RSV=000 opcode=0x8 \(close\) MASK=1 length=5 \(7-bit\)$/);
    assert.match(lines[1] ?? '', /^0002  37 fa 21 3d\s+masking key$/);
    const wire = [...applyMask(body, KEY)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    assert.match(lines[2] ?? '', new RegExp(`^0006  ${wire}\\s+masked payload`));
    assert.equal(lines[3]?.trim(), 'unmasked:');
    assert.match(lines[4] ?? '', /^ {6}03 e8\s+close code 1000 \(normal closure\), big-endian$/);
    assert.match(lines[5] ?? '', /^ {6}62 79 65\s+reason: bye$/);
    assert.equal(lines.length, 6);
  });

  it('shows a payload of up to 96 bytes whole', () => {
    const [decoded] = decodeFrames(frame({ opcode: 1, payload: Buffer.alloc(96, 0x7a) })).frames;
    assert.ok(decoded);
    const lines = dumpFrame(decoded);
    assert.equal(lines.length, 1 + 6);
    assert.ok(!lines.some((l) => l.includes('not shown')));
  });
});
