// A `ws` socket as a session port: pre-built frames go out through ws's own frame sender
// (ws-internals.ts), anything else through `ws.send`.
import { WebSocket } from 'ws';
import { frameWriterOf, type FrameWriter } from '../fanout/ws-internals.ts';
import type { Payload } from '../fanout/client-port.ts';
import type { SessionPort } from './session-port.ts';

/** The session port of one WebSocket. */
export class WsPort implements SessionPort {
  private readonly writer: FrameWriter | undefined;

  constructor(readonly ws: WebSocket) {
    this.writer = frameWriterOf(ws);
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

  send(payload: Payload, wire: Buffer | undefined, done: () => void): void {
    if (wire && this.writer) this.writer.sendFrame([wire], done);
    else this.ws.send(payload, { binary: false }, done);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  onceClosed(listener: () => void): void {
    this.ws.once('close', listener);
  }
}
