// The one place the gateway reaches into `ws`'s private parts: its frame sender, for writing
// pre-built frames (wire-frame.ts) the way engine.io writes its broadcasts (`wsPreEncodedFrame`).
// `ws` is pinned to the minor version tests/unit/gateway/ws-internals.test.ts checks this against.
import type { WebSocket } from 'ws';

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
  const sendFrame: (list: Buffer[], callback: (error?: Error | null) => void) => void = sender.sendFrame.bind(sender);
  return { sendFrame };
}
