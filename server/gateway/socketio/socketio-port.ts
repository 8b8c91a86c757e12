// A Socket.IO socket as a session port: each message is a Socket.IO packet written as one Engine.IO
// message, whatever the transport (long polling or WebSocket) carries it. Engine.IO reports a write
// done once its transport took it, so the backlog is what was written and not yet taken.
import type { Socket } from 'socket.io';
import type { Payload } from '../fanout/client-port.ts';
import type { SessionPort } from '../connection/session-port.ts';
import { eventPacket } from './socketio-format.ts';

/** The session port of one Socket.IO socket. */
export class SocketIoPort implements SessionPort {
  private pendingBytes = 0;

  constructor(private readonly socket: Socket) {}

  get isOpen(): boolean {
    return this.socket.connected && this.socket.conn.readyState === 'open';
  }

  get isEnding(): boolean {
    return this.socket.disconnected;
  }

  get bufferedAmount(): number {
    return this.pendingBytes;
  }

  send(payload: Payload, _wire: Buffer | undefined, done: () => void): void {
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    const bytes = text.length;
    this.pendingBytes += bytes;
    this.socket.conn.write(text, {}, () => {
      this.pendingBytes -= bytes;
      done();
    });
  }

  // Socket.IO has no close codes: the code goes first as an event, then the server disconnects.
  close(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.socket.conn.write(eventPacket('tw.closed', JSON.stringify({ code, reason })));
    this.socket.disconnect(true);
  }

  terminate(): void {
    this.socket.conn.close(true);
  }

  onceClosed(listener: () => void): void {
    this.socket.once('disconnect', () => listener());
  }
}
