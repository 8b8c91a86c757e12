// Shared frames as WebSocket wire bytes: the frame header (RFC 6455 §5.2, unmasked, FIN, text) is
// built once per shared frame and the same buffer written to every socket, as Socket.IO's engine.io
// does for broadcasts (`wsPreEncodedFrame`). Saves ws building and writing a header per socket;
// ws-internals.ts writes them.
import type { SharedFrame } from './shared-frame.ts';

const wireFrames = new WeakMap<SharedFrame, Buffer>();
const TEXT_FIN = 0x81;

/** The frame's bytes on the wire, built on first use and kept as long as the frame is. */
export function wireFrameOf(frame: SharedFrame): Buffer {
  const cached = wireFrames.get(frame);
  if (cached) return cached;
  const wire = textFrameOf(frame.data);
  wireFrames.set(frame, wire);
  return wire;
}

/** A text frame carrying `data` (a codec's message built once for many sockets). */
export function textFrameOf(data: Buffer): Buffer {
  return finalFrameOf(TEXT_FIN, data);
}

/** A final, unmasked frame: `firstByte` (FIN, RSV bits and opcode), the length, then `data`. */
export function finalFrameOf(firstByte: number, data: Buffer): Buffer {
  const length = data.length;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerBytes + length);
  wire[0] = firstByte;
  if (headerBytes === 2) wire[1] = length;
  if (headerBytes === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  }
  if (headerBytes === 10) {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
  data.copy(wire, headerBytes);
  return wire;
}
