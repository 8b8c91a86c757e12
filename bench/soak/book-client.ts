// One book subscriber of the soak: a raw socket speaking just enough WebSocket (bench/fanout's frame
// reader and client frames) to subscribe to one book and read each message's type, epoch and seq out
// of its text, without parsing its JSON (seq-tally.ts does the counting); the few given a BookCheck
// also rebuild the book and verify every checksum. After a close, its own or the server's, it opens a
// new socket 50–150 ms later and resubscribes from the last delta it applied, as the trader view does.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { BookCheck } from '../fanout/book-check.ts';
import { sleep } from '../fanout/clock.ts';
import { FrameReader, type FrameHandler } from '../fanout/frame-reader.ts';
import { clientFrame, clientText, OPCODE } from '../fanout/ws-frames.ts';
import { SeqTally } from './seq-tally.ts';

/** Where a subscriber connects from and to, and what it subscribes to. */
export interface BookTarget {
  port: number;
  localAddress: string;
  symbol: string;
  depth: number;
}

// Every socket of the process reads into this one buffer: the callbacks are synchronous and copy what they keep.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const HEADER_END = '\r\n\r\n';
const MAX_HANDSHAKE_CHARS = 4096;
const TYPE_MARK = '"type":"';
const NORMAL_CLOSURE = Buffer.from([0x03, 0xe8]);
const ATTEMPT_TIMEOUT_MS = 15_000;
const LEAVE_TIMEOUT_MS = 5_000;
const RETRY_MS = 1_000;

type Phase = 'idle' | 'connecting' | 'live' | 'leaving';

/** The number after `key` at or after `from` in `text` (NaN when absent). */
function numberAfter(text: string, key: string, from: number, before = text.length): number {
  const at = text.indexOf(key, from);
  if (at === -1 || at >= before) return Number.NaN;
  return Number.parseInt(text.slice(at + key.length, at + key.length + 24), 10);
}

/** One subscriber, across as many sockets as its reconnects take. */
export class SoakBookClient implements FrameHandler {
  readonly tally = new SeqTally();
  /** Reconnects it finished, those answered by a replay, and closes it did not ask for (by code). */
  reconnects = 0;
  replayResumes = 0;
  /** How long the last finished reconnect took, from the close to the book live again. */
  lastReconnectMs = 0;
  /** In a reconnect it was told to make (closing, or connecting again). */
  isReconnecting = false;
  readonly serverCloses = new Map<string, number>();
  private phase: Phase = 'idle';
  private socket: Socket | undefined;
  private reader = new FrameReader(this);
  private handshake = '';
  private isUpgraded = false;
  private parts: Buffer[] = [];
  private frameLength = 0;
  private closeCode: number | undefined;
  private isStopped = false;
  private settleAttempt: ((error?: string) => void) | undefined;
  private onLeft: (() => void) | undefined;

  constructor(
    private readonly target: BookTarget,
    private readonly check: BookCheck | undefined,
  ) {}

  get isLive(): boolean {
    return this.phase === 'live';
  }

  /** Connects and subscribes, retrying every second until live or `deadlineMs`; true once live. */
  async connect(deadlineMs: number): Promise<{ isLive: boolean; error?: string }> {
    let error: string | undefined;
    while (!this.isStopped && Date.now() < deadlineMs) {
      error = await this.attempt();
      if (error === undefined) return { isLive: true };
      await sleep(RETRY_MS);
    }
    return { isLive: false, error: error ?? 'stopped' };
  }

  /** Closes cleanly, waits for the close, and reconnects from the last delta applied; false if it was not live or could not. */
  async reconnect(deadlineMs: number): Promise<boolean> {
    if (this.phase !== 'live' || !this.socket) return false;
    const startMs = Date.now();
    this.isReconnecting = true;
    this.phase = 'leaving';
    const left = new Promise<void>((resolve) => (this.onLeft = resolve));
    const socket = this.socket;
    socket.end(clientFrame(OPCODE.close, NORMAL_CLOSURE));
    const timer = setTimeout(() => socket.destroy(), LEAVE_TIMEOUT_MS);
    await left;
    clearTimeout(timer);
    await sleep(50 + Math.random() * 100);
    const { isLive } = await this.connect(deadlineMs);
    this.isReconnecting = false;
    if (!isLive) return false;
    this.reconnects += 1;
    this.lastReconnectMs = Date.now() - startMs;
    return true;
  }

  stop(): void {
    this.isStopped = true;
    this.socket?.destroy();
  }

  onFrameStart(_opcode: number, length: number): void {
    this.frameLength = length;
    this.parts = [];
  }

  onData(chunk: Buffer, start: number, end: number): void {
    this.parts.push(Buffer.from(chunk.subarray(start, end)));
  }

  onFrameEnd(): void {
    const payload = this.parts.length === 1 && this.parts[0] ? this.parts[0] : Buffer.concat(this.parts, this.frameLength);
    this.parts = [];
    const text = payload.toString('latin1');
    this.readMessages(text);
    this.check?.read(payload.toString('utf8'));
  }

  onControl(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) this.socket?.write(clientFrame(OPCODE.pong, payload));
    if (opcode === OPCODE.close) {
      this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.socket?.end(clientFrame(OPCODE.close, payload.subarray(0, 2)));
    }
  }

  // One socket: resolves with undefined once the book is live (a snapshot, or a resume's replay), else why not.
  private attempt(): Promise<string | undefined> {
    this.phase = 'connecting';
    this.handshake = '';
    this.isUpgraded = false;
    this.closeCode = undefined;
    this.reader = new FrameReader(this);
    const { port, localAddress } = this.target;
    const socket: Socket = connect({ host: '127.0.0.1', port, localAddress, onread: { buffer: READ_BUFFER, callback: (n: number): boolean => this.onBytes(socket, n) } });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(this.upgradeRequest()));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => this.onClosed(socket));
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.destroy(), ATTEMPT_TIMEOUT_MS);
      this.settleAttempt = (error) => {
        clearTimeout(timer);
        this.settleAttempt = undefined;
        if (error === undefined) this.phase = 'live';
        resolve(error);
      };
    });
  }

  private onClosed(socket: Socket): void {
    if (socket !== this.socket) return;
    const phase = this.phase;
    this.phase = 'idle';
    if (phase === 'connecting') return this.settleAttempt?.(`closed before the book was live${this.closeCode === undefined ? '' : ` (${this.closeCode})`}`);
    if (phase === 'leaving') return this.onLeft?.();
    if (phase !== 'live' || this.isStopped) return;
    const code = String(this.closeCode ?? 'none');
    this.serverCloses.set(code, (this.serverCloses.get(code) ?? 0) + 1);
    void sleep(50 + Math.random() * 100).then(() => this.connect(Number.POSITIVE_INFINITY));
  }

  private onBytes(socket: Socket, length: number): boolean {
    if (socket !== this.socket) return true;
    if (this.isUpgraded) {
      this.reader.read(READ_BUFFER, 0, length);
      return true;
    }
    const before = this.handshake.length;
    this.handshake += READ_BUFFER.toString('latin1', 0, length);
    const end = this.handshake.indexOf(HEADER_END);
    if (end < 0) {
      if (this.handshake.length > MAX_HANDSHAKE_CHARS) socket.destroy();
      return true;
    }
    if (!this.handshake.startsWith('HTTP/1.1 101')) {
      this.settleAttempt?.(`handshake refused: ${this.handshake.slice(0, this.handshake.indexOf('\r\n'))}`);
      socket.destroy();
      return true;
    }
    this.isUpgraded = true;
    this.handshake = '';
    const resume = this.tally.resumePoint();
    const { symbol, depth } = this.target;
    socket.write(clientText(JSON.stringify({ op: 'subscribe', id: 1, channel: 'book', symbol, depth, ...(resume ? { resumeSeq: resume.seq, resumeEpoch: resume.epoch } : {}) })));
    this.reader.read(READ_BUFFER, end + HEADER_END.length - before, length);
    return true;
  }

  // A frame holds one message or an array of them; each starts with its type (the gateway writes `type` first).
  private readMessages(text: string): void {
    for (let at = text.indexOf(TYPE_MARK); at !== -1; ) {
      const start = at + TYPE_MARK.length;
      const next = text.indexOf(TYPE_MARK, start);
      const end = next === -1 ? text.length : next;
      const type = text.slice(start, text.indexOf('"', start));
      if (type === 'book.delta') this.tally.delta(numberAfter(text, '"epoch":', start, end), numberAfter(text, '"seq":', start, end));
      else if (type === 'book.stale') this.tally.stale();
      else if (type === 'book.snapshot') {
        this.tally.snapshot(numberAfter(text, '"epoch":', start, end), numberAfter(text, '"seq":', start, end));
        this.settleAttempt?.();
      } else if (type === 'subscribed' && !Number.isNaN(numberAfter(text, '"replayed":', start, end))) {
        // Resumed: the missed deltas follow, no snapshot.
        this.replayResumes += 1;
        this.settleAttempt?.();
      }
      at = next;
    }
  }

  private upgradeRequest(): string {
    const key = randomBytes(16).toString('base64');
    return `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${this.target.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  }
}
