// Decodes a recorded WebSocket byte stream into frames exactly as RFC 6455 §5.2 lays them out, so
// the captures can say what every header bit and byte means. Pure: bytes in, frames out.

export type LengthForm = '7-bit' | '16-bit' | '64-bit';

export interface WebSocketFrame {
  /** Where the frame starts in the decoded stream. */
  offset: number;
  fin: boolean;
  /** RSV1, RSV2, RSV3 as one 3-bit number (0 unless an extension was negotiated). */
  rsv: number;
  opcode: number;
  masked: boolean;
  payloadLength: number;
  lengthForm: LengthForm;
  /** The header's bytes: the two fixed bytes, then the extended length if any (not the masking key). */
  header: Buffer;
  maskingKey: Buffer | null;
  /** The payload as it crossed the wire (masked when `masked`). */
  payloadOnWire: Buffer;
  /** The payload after unmasking. */
  payload: Buffer;
  /** For a close frame with a body: the status code (its first two bytes) and the UTF-8 reason after it. */
  close?: { code: number; reason: string };
}

export interface DecodedStream {
  frames: WebSocketFrame[];
  /** Bytes at the end that do not yet make a whole frame (a capture stopped mid-frame). */
  incompleteTail: number;
}

const OPCODE_NAMES: Record<number, string> = { 0x0: 'continuation', 0x1: 'text', 0x2: 'binary', 0x8: 'close', 0x9: 'ping', 0xa: 'pong' };

/** `text`, `ping`, …, or `reserved` for the opcodes RFC 6455 leaves undefined. */
export function opcodeName(opcode: number): string {
  return OPCODE_NAMES[opcode] ?? 'reserved';
}

const CLOSE_CODE_NAMES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'internal error',
  1012: 'service restart',
};

/** The RFC's name for a close code, or what range it falls in. */
export function closeCodeName(code: number): string {
  return CLOSE_CODE_NAMES[code] ?? (code >= 4000 && code <= 4999 ? 'application-defined' : code >= 3000 && code <= 3999 ? 'registered' : 'unknown');
}

/** XORs a payload with a 4-byte masking key (masking and unmasking are the same operation). */
export function applyMask(bytes: Buffer, maskingKey: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] ?? 0) ^ (maskingKey[i % 4] ?? 0);
  return out;
}

/** Every whole frame in `stream`, in order. Throws on a header the RFC forbids (a 64-bit length with its top bit set). */
export function decodeFrames(stream: Buffer): DecodedStream {
  const frames: WebSocketFrame[] = [];
  let offset = 0;
  for (;;) {
    const frame = decodeFrameAt(stream, offset);
    if (!frame) return { frames, incompleteTail: stream.length - offset };
    frames.push(frame);
    offset += frame.header.length + (frame.maskingKey ? 4 : 0) + frame.payloadLength;
  }
}

function decodeFrameAt(stream: Buffer, offset: number): WebSocketFrame | undefined {
  const first = stream[offset];
  const second = stream[offset + 1];
  if (first === undefined || second === undefined) return undefined;
  const masked = (second & 0x80) !== 0;
  const length7 = second & 0x7f;
  let headerLength = 2;
  let payloadLength = length7;
  let lengthForm: LengthForm = '7-bit';
  if (length7 === 126) {
    headerLength = 4;
    lengthForm = '16-bit';
    if (stream.length < offset + headerLength) return undefined;
    payloadLength = stream.readUInt16BE(offset + 2);
  } else if (length7 === 127) {
    headerLength = 10;
    lengthForm = '64-bit';
    if (stream.length < offset + headerLength) return undefined;
    const length64 = stream.readBigUInt64BE(offset + 2);
    if (length64 >> 63n) throw new Error(`frame at byte ${offset}: a 64-bit payload length must have its most significant bit 0 (RFC 6455 §5.2)`);
    if (length64 > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`frame at byte ${offset}: payload length ${length64} is too large to decode`);
    payloadLength = Number(length64);
  }
  const keyLength = masked ? 4 : 0;
  const payloadStart = offset + headerLength + keyLength;
  if (stream.length < payloadStart + payloadLength) return undefined;
  const maskingKey = masked ? Buffer.from(stream.subarray(offset + headerLength, payloadStart)) : null;
  const payloadOnWire = Buffer.from(stream.subarray(payloadStart, payloadStart + payloadLength));
  const payload = maskingKey ? applyMask(payloadOnWire, maskingKey) : payloadOnWire;
  const opcode = first & 0x0f;
  const frame: WebSocketFrame = {
    offset,
    fin: (first & 0x80) !== 0,
    rsv: (first >> 4) & 0x07,
    opcode,
    masked,
    payloadLength,
    lengthForm,
    header: Buffer.from(stream.subarray(offset, offset + headerLength)),
    maskingKey,
    payloadOnWire,
    payload,
  };
  if (opcode === 0x8 && payload.length >= 2) frame.close = { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
  return frame;
}
