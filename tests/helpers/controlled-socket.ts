// Stands in for a ws socket in the gateway's outbox tests: what is sent stays in `bufferedAmount`
// (and its write callbacks pending) until the test drains it.
import { WebSocket } from 'ws';

export class ControlledSocket {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  private pending: (() => void)[] = [];

  send(data: Buffer, _options: unknown, callback: () => void): void {
    this.sent.push(data.toString('utf8'));
    this.bufferedAmount += data.length;
    this.pending.push(callback);
  }

  /** The peer read everything: the kernel took it all and ws reports each write done. */
  drainAll(): void {
    this.bufferedAmount = 0;
    const callbacks = this.pending;
    this.pending = [];
    for (const callback of callbacks) callback();
  }
}
