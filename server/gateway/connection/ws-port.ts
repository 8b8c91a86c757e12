// A `ws` socket as a session port: pre-built frames go out through ws's own frame sender
// (ws-internals.ts), compressed once for every socket that negotiated permessage-deflate
// (deflate-frame.ts); anything else goes through `ws.send`, never compressed (see gateway.ts).
import { WebSocket } from 'ws';
import { deflatedWireOf } from '../fanout/deflate-frame.ts';
import { deflateWindowBitsOf, frameWriterOf, type FrameWriter } from '../fanout/ws-internals.ts';
import type { Payload } from '../fanout/client-port.ts';
import { getGatewayMetrics, wireBytesOf } from '../gateway-metrics.ts';
import type { SessionPort } from './session-port.ts';

const UNCOMPRESSED = { binary: false, compress: false } as const;

/** The session port of one WebSocket. */
export class WsPort implements SessionPort {
  private readonly writer: FrameWriter | undefined;
  /** The negotiated deflate window, or undefined: frames go plain. */
  private readonly deflateBits: number | undefined;
  private readonly deflatedFramesOut = getGatewayMetrics().deflatedFramesOut;

  constructor(readonly ws: WebSocket) {
    this.writer = frameWriterOf(ws);
    this.deflateBits = deflateWindowBitsOf(ws);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  get isEnding(): boolean {
    return this.ws.readyState >= WebSocket.CLOSING;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Whether this socket negotiated permessage-deflate (and gets compressed shared frames). */
  get isDeflating(): boolean {
    return this.deflateBits !== undefined;
  }

  send(payload: Payload, wire: Buffer | undefined, done: () => void): number {
    if (wire && this.writer) {
      const frame = this.deflateBits === undefined ? wire : deflatedWireOf(wire, this.deflateBits);
      if (frame !== wire) this.deflatedFramesOut.inc();
      this.writer.sendFrame([frame], done);
      return frame.length;
    }
    // ws's own compression stays off: it would give this socket a compressor of its own.
    this.ws.send(payload, UNCOMPRESSED, done);
    return wireBytesOf(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  // ws emits `close` once: a plain listener does, without the wrapper `once` keeps per listener.
  onceClosed(listener: () => void): void {
    this.ws.on('close', listener);
  }
}
