// One load-generator client: a raw TCP socket sending a plain GET and counting `index` events in the
// bytes as they come, without parsing HTTP chunks or SSE. Sampled connections also read each event's
// id, whose first part is Redis's clock at publish, to measure publish-to-receive latency.
import { connect, type Socket } from 'node:net';

const MARK = Buffer.from('event: index');
/** A server too busy to answer within this long counts the connection as failed, instead of stalling the run. */
const CONNECT_TIMEOUT_MS = 30_000;
const HEADER_END = Buffer.from('\r\n\r\n');

/** Counts `MARK` in `chunk`, including one that straddles the previous chunk's last bytes (`carry`). */
function countMarks(chunk: Buffer, carry: Buffer): number {
  let count = 0;
  for (let i = chunk.indexOf(MARK); i !== -1; i = chunk.indexOf(MARK, i + MARK.length)) count++;
  if (carry.length > 0) {
    // Only a mark split across the boundary can be found here: carry and the head are each shorter than it.
    const joined = Buffer.concat([carry, chunk.subarray(0, MARK.length - 1)]);
    if (joined.indexOf(MARK) !== -1) count++;
  }
  return count;
}

/** One SSE client socket. */
export class SseLoadConnection {
  /** `index` events received so far. */
  count = 0;
  isOpen = false;
  isClosed = false;
  private carry = Buffer.alloc(0);
  private header = '';
  private lines = '';
  private readonly socket: Socket;
  private readonly timer: NodeJS.Timeout;

  constructor(
    port: number,
    path: string,
    /** Where a sampled connection records [publishMs, receiveMs] pairs; undefined when not sampled. */
    private readonly samples: number[][] | undefined,
    private readonly onOpen: (error?: string) => void,
  ) {
    this.timer = setTimeout(() => this.settle('no response within 30 s'), CONNECT_TIMEOUT_MS);
    this.socket = connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.settle(error.message));
    this.socket.on('close', () => {
      this.isClosed = true;
      this.settle('closed before the response');
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const receivedMs = Date.now();
    if (!this.isOpen) {
      this.header += chunk.toString('latin1');
      if (!this.header.includes('\r\n\r\n')) return;
      if (!this.header.startsWith('HTTP/1.1 200')) return this.settle(this.header.split('\r\n')[0]);
      this.isOpen = true;
      clearTimeout(this.timer);
      this.onOpen();
      chunk = chunk.subarray(chunk.indexOf(HEADER_END) + HEADER_END.length);
    }
    this.count += countMarks(chunk, this.carry);
    this.carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - (MARK.length - 1))));
    if (this.samples) this.readIds(chunk, receivedMs);
  }

  private readIds(chunk: Buffer, receivedMs: number): void {
    const text = this.lines + chunk.toString('utf8');
    const end = text.lastIndexOf('\n');
    this.lines = text.slice(end + 1);
    for (const match of text.slice(0, end + 1).matchAll(/^id: (\d+)-\d+$/gm)) this.samples?.push([Number(match[1]), receivedMs]);
  }

  private settle(error?: string): void {
    if (this.isOpen && error === undefined) return;
    if (!this.isOpen) {
      this.isOpen = true; // settled, even if failed
      clearTimeout(this.timer);
      this.onOpen(error ?? 'failed');
      this.socket.destroy();
    }
  }
}
