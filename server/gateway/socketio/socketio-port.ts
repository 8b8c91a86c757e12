// A Socket.IO socket as a session port: each message is a Socket.IO packet written as one Engine.IO
// message, whatever the transport (long polling or WebSocket) carries it. The backlog is read from
// Engine.IO's own state (packets it has not flushed, and the WebSocket's unsent bytes), not counted
// from write callbacks: when a session upgrades from polling, Engine.IO drops the listener that would
// report the last poll's writes done, and a count kept from callbacks would never drain again.
import type { Socket } from 'socket.io';
import type { Payload } from '../fanout/client-port.ts';
import type { SessionPort } from '../connection/session-port.ts';
import { wireBytesOf } from '../gateway-metrics.ts';
import { eventPacket } from './socketio-format.ts';

/** The session port of one Socket.IO socket. */
export class SocketIoPort implements SessionPort {
  /** Write callbacks not yet called; an upgrade calls them (each at most once). */
  private readonly unreported = new Set<() => void>();

  constructor(private readonly socket: Socket) {
    socket.conn.on('upgrade', () => {
      for (const done of [...this.unreported]) done();
    });
  }

  get isOpen(): boolean {
    return this.socket.connected && this.socket.conn.readyState === 'open';
  }

  get isEnding(): boolean {
    return this.socket.disconnected;
  }

  get bufferedAmount(): number {
    const conn = this.socket.conn;
    let bytes = 0;
    const queued: unknown = Reflect.get(conn, 'writeBuffer');
    if (Array.isArray(queued)) for (const packet of queued as { data?: unknown }[]) bytes += typeof packet.data === 'string' ? packet.data.length : 0;
    const ws: unknown = Reflect.get(conn.transport, 'socket');
    if (typeof ws === 'object' && ws !== null && 'bufferedAmount' in ws && typeof ws.bufferedAmount === 'number') bytes += ws.bufferedAmount;
    return bytes;
  }

  send(payload: Payload, _wire: Buffer | undefined, done: () => void): number {
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    const report = (): void => {
      if (!this.unreported.delete(report)) return;
      done();
    };
    this.unreported.add(report);
    this.socket.conn.write(text, {}, report);
    return wireBytesOf(text.length);
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
    this.socket.once('disconnect', () => {
      this.unreported.clear();
      listener();
    });
  }
}
