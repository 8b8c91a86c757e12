// The few WebSocket frames the benchmark builds by hand (RFC 6455 §5.2): unmasked server frames for
// the bare server's pre-framed writes, masked client frames for the load generator.
import { randomBytes } from 'node:crypto';

/** Frame opcodes used here (RFC 6455 §5.2). */
export const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

function header(opcode: number, length: number, isMasked: boolean): Buffer {
  const maskBit = isMasked ? 0x80 : 0;
  if (length < 126) return Buffer.from([0x80 | opcode, maskBit | length]);
  if (length < 65_536) {
    const head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = maskBit | 126;
    head.writeUInt16BE(length, 2);
    return head;
  }
  const head = Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  head[1] = maskBit | 127;
  head.writeBigUInt64BE(BigInt(length), 2);
  return head;
}

/** One complete unmasked text frame (server → client), built once and written to many sockets. */
export function serverTextFrame(payload: Buffer): Buffer {
  return Buffer.concat([header(OPCODE.text, payload.length, false), payload]);
}

/** One complete masked frame (client → server). */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([header(opcode, payload.length, true), mask, masked]);
}

/** A masked text frame carrying `text`. */
export function clientText(text: string): Buffer {
  return clientFrame(OPCODE.text, Buffer.from(text));
}
