// Shared frames compressed once for every socket that negotiated permessage-deflate (RFC 7692). The
// gateway accepts the extension only without context takeover, so each message is compressed on its
// own: the same compressed bytes are valid on every such socket, and a frame's deflated form is built
// once (per window size the clients asked for) beside its plain wire bytes (wire-frame.ts), lazily,
// the first time a deflate socket is due to get it. No socket has a compressor of its own.
import { performance } from 'node:perf_hooks';
import { constants, deflateRawSync } from 'node:zlib';
import { finalFrameOf } from './wire-frame.ts';

/**
 * `ws`'s permessage-deflate options for `/ws` (WS_DEFLATE): no context takeover either way, so one
 * compressed copy of a frame is valid on every socket and no socket keeps a compression window. ws
 * itself never compresses (its threshold is out of reach, and WsPort sends with `compress: false`):
 * its compressor would be one per socket. A client's compressed messages are inflated by ws, within maxPayload.
 */
export const PER_MESSAGE_DEFLATE = { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: Number.MAX_SAFE_INTEGER } as const;
/** Frames under this many payload bytes go plain even to deflate sockets (docs/benchmarks.md: deflate). */
export const MIN_DEFLATE_BYTES = 128;
/** zlib's largest window, what a client that names no `server_max_window_bits` accepts. */
export const MAX_WINDOW_BITS = 15;
// zlib cannot deflate with a 256-byte window (it widens 8 to 9 bits), so a client asking for 8 gets plain frames.
const MIN_WINDOW_BITS = 9;
const TEXT_FIN_RSV1 = 0xc1;
/** The empty stored block a sync flush ends with; RFC 7692 §7.2.1 has the sender remove it. */
const SYNC_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
/** zlib looks back at most its window less this many bytes (MIN_LOOKAHEAD). */
const ZLIB_LOOKAHEAD = 262;

/** Per plain wire frame: its deflated frame by the window it was compressed with, or the plain frame itself when compressing did not pay. */
const deflated = new WeakMap<Buffer, Map<number, Buffer>>();
let compressions = 0;
let compressMs = 0;

/**
 * The frame to write on a socket that negotiated permessage-deflate with `windowBits`: `wire` (a plain,
 * unmasked, single-frame text message) compressed with RSV1 set, built on first use and kept as long
 * as `wire` is; or `wire` itself when it is small, when compressing would not make it smaller, or
 * when the window is one zlib cannot honour (a frame without RSV1 is valid on such a socket too).
 */
export function deflatedWireOf(wire: Buffer, windowBits: number = MAX_WINDOW_BITS): Buffer {
  const payload = payloadOf(wire);
  if (payload === undefined || payload.length < MIN_DEFLATE_BYTES) return wire;
  if (!Number.isInteger(windowBits) || windowBits < MIN_WINDOW_BITS || windowBits > MAX_WINDOW_BITS) return wire;
  // A window wider than the payload finds nothing more and costs zlib more memory to set up; any
  // window up to the client's is valid, so clients that asked for different ones often share a copy.
  const bits = Math.min(windowBits, Math.max(MIN_WINDOW_BITS, Math.ceil(Math.log2(payload.length + ZLIB_LOOKAHEAD))));
  let byBits = deflated.get(wire);
  const cached = byBits?.get(bits);
  if (cached) return cached;
  const built = buildDeflated(wire, payload, bits);
  if (!byBits) {
    byBits = new Map();
    deflated.set(wire, byBits);
  }
  byBits.set(bits, built);
  return built;
}

/** Frames compressed in this process (once per frame and window) and the time zlib took for them. */
export function deflateStats(): { compressions: number; compressMs: number } {
  return { compressions, compressMs };
}

function buildDeflated(wire: Buffer, payload: Buffer, windowBits: number): Buffer {
  compressions += 1;
  const startedMs = performance.now();
  const flushed = deflateRawSync(payload, { finishFlush: constants.Z_SYNC_FLUSH, windowBits });
  compressMs += performance.now() - startedMs;
  if (!flushed.subarray(flushed.length - SYNC_TAIL.length).equals(SYNC_TAIL)) return wire;
  const body = flushed.subarray(0, flushed.length - SYNC_TAIL.length);
  // RSV1 marks the message compressed (RFC 7692 §6).
  const frame = finalFrameOf(TEXT_FIN_RSV1, body);
  return frame.length < wire.length ? frame : wire;
}

/** The payload of a plain single-frame text message (FIN, no RSV bits, unmasked), or undefined for anything else. */
function payloadOf(wire: Buffer): Buffer | undefined {
  if (wire.length < 2 || wire[0] !== 0x81) return undefined;
  const second = wire[1] ?? 0;
  // A masked frame is a client's, never one of ours.
  if (second & 0x80) return undefined;
  const len7 = second & 0x7f;
  const headerBytes = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
  const length = len7 === 126 ? wire.readUInt16BE(2) : len7 === 127 ? Number(wire.readBigUInt64BE(2)) : len7;
  return headerBytes + length === wire.length ? wire.subarray(headerBytes) : undefined;
}
