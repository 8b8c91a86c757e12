// The one place the gateway reaches into `ws`'s private parts: its frame sender, for writing
// pre-built frames (wire-frame.ts) the way engine.io writes its broadcasts (`wsPreEncodedFrame`), the
// permessage-deflate terms a socket negotiated, for writing pre-compressed ones (deflate-frame.ts),
// and the socket's decompressor, released between client messages.
// `ws` is pinned to the minor version tests/unit/gateway/ws-internals.test.ts checks this against.
import type { WebSocket } from 'ws';

const DEFLATE = 'permessage-deflate';
const DEFAULT_WINDOW_BITS = 15;

/** Writes complete WebSocket frames on a socket, after what it already queued. */
export interface FrameWriter {
  sendFrame(list: Buffer[], callback: (error?: Error | null) => void): void;
}

/**
 * The socket's frame sender (`ws` keeps it as `_sender`; its `sendFrame` writes a frame's buffers to
 * the socket in order with every other send, and `bufferedAmount` counts them), or undefined if this
 * `ws` version has none: then frames go through `ws.send`.
 */
export function frameWriterOf(ws: WebSocket): FrameWriter | undefined {
  const sender: unknown = Reflect.get(ws, '_sender');
  if (typeof sender !== 'object' || sender === null || !('sendFrame' in sender) || typeof sender.sendFrame !== 'function') return undefined;
  // The sender itself, called as a method: no wrapper or bound function kept per socket.
  return sender as FrameWriter;
}

/**
 * The window size (bits) the socket's client decompresses our messages with, when it negotiated
 * permessage-deflate without server context takeover (the only way the gateway accepts it): 15 unless
 * the client asked for a smaller `server_max_window_bits`. Undefined for a socket without the
 * extension, or when this `ws` version keeps the negotiated terms elsewhere (`_extensions[name].params`):
 * then frames go plain, which every client reads.
 */
export function deflateWindowBitsOf(ws: WebSocket): number | undefined {
  const names: unknown = Reflect.get(ws, 'extensions');
  if (typeof names !== 'string' || !names.split(',').includes(DEFLATE)) return undefined;
  const extensions: unknown = Reflect.get(ws, '_extensions');
  const extension: unknown = typeof extensions === 'object' && extensions !== null ? Reflect.get(extensions, DEFLATE) : undefined;
  const params: unknown = typeof extension === 'object' && extension !== null ? Reflect.get(extension, 'params') : undefined;
  if (typeof params !== 'object' || params === null || Reflect.get(params, 'server_no_context_takeover') !== true) return undefined;
  const bits: unknown = Reflect.get(params, 'server_max_window_bits');
  if (bits === undefined) return DEFAULT_WINDOW_BITS;
  return typeof bits === 'number' ? bits : undefined;
}

/**
 * Frees the zlib stream `ws` inflates a socket's compressed client messages with (`_extensions[name]._inflate`).
 * ws creates it on the first compressed message and keeps it for the socket's life: 10-20 KB per
 * browser socket, since Chromium compresses every message it sends. Without context takeover nothing
 * carries over from one message to the next, so the gateway frees it after each (client messages are
 * few: subscriptions, orders) and ws makes a new one for the next. Call it from the `message` event:
 * the message is whole then, and ws emits it before it reads the next frame. Does nothing for a
 * socket without the extension, or whose terms keep client context takeover.
 */
export function releaseInflater(ws: WebSocket): void {
  const extensions: unknown = Reflect.get(ws, '_extensions');
  const extension: unknown = typeof extensions === 'object' && extensions !== null ? Reflect.get(extensions, DEFLATE) : undefined;
  if (typeof extension !== 'object' || extension === null) return;
  const params: unknown = Reflect.get(extension, 'params');
  if (typeof params !== 'object' || params === null || Reflect.get(params, 'client_no_context_takeover') !== true) return;
  const inflate: unknown = Reflect.get(extension, '_inflate');
  if (typeof inflate !== 'object' || inflate === null || !('close' in inflate) || typeof inflate.close !== 'function') return;
  inflate.close();
  Reflect.set(extension, '_inflate', null);
}
