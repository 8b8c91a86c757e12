// One load-generator client: a raw TCP socket that does the WebSocket handshake itself, speaks just
// enough of each server's protocol to subscribe, then counts messages without assembling frames.
// Only sampled connections assemble frames, to read each delta's publish time (and a few of them
// verify their book). Compressed frames (permessage-deflate) are counted by their shared inflate.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { BookCheck } from './book-check.ts';
import { nowMs } from './clock.ts';
import { FrameReader, type FrameHandler } from './frame-reader.ts';
import type { LatencyHistogram } from './histogram.ts';
import { OFFERS_DEFLATE, UPGRADE_PATH, type ServerKind } from './server-kinds.ts';
import { inflateShared } from './shared-inflate.ts';
import { acceptsStomp, forEachStompBody, STOMP_CONNECT, STOMP_SUBPROTOCOL, stompSetupStep, stompSubscribe } from './stomp-client.ts';
import { clientFrame, clientText, OPCODE } from './ws-frames.ts';

/** Where and what a connection subscribes to. */
export interface ConnectionTarget {
  kind: ServerKind;
  port: number;
  symbol: string;
  depth: number;
}

// Every socket of this process reads into this one buffer: callbacks are synchronous and copy what they keep.
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);
const OPEN_BRACE = 0x7b;
const DELTA_MARK = Buffer.from('book.delta"');
const TS_MARK = Buffer.from('"ts":');
const HEADER_END = '\r\n\r\n';
const MAX_HANDSHAKE_CHARS = 4096;
/** What Chromium offers (and a `ws` client with its defaults). */
const DEFLATE_OFFER = 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n';
const DEFLATE_ANSWER = /\r\nsec-websocket-extensions:[ \t]*permessage-deflate[^\r]*\r\n/i;

/**
 * Counts every JSON object (`{`) in a range: one per protocol message, since no string we receive
 * contains one (nor does a STOMP header: stomp-client.ts checks that on the sampled connections).
 */
function countMessages(chunk: Buffer, start = 0, end = chunk.length): number {
  let count = 0;
  for (let i = chunk.indexOf(OPEN_BRACE, start); i !== -1 && i < end; i = chunk.indexOf(OPEN_BRACE, i + 1)) count++;
  return count;
}

/** What a sampled connection does with each delta: its latency, and for a few, its book. */
export interface Sampling {
  latency: LatencyHistogram;
  check: BookCheck | undefined;
}

/** One client socket of the load generator. */
export class LoadConnection implements FrameHandler {
  /** Messages (deltas, once subscribed), frames and payload bytes received since the last reset. */
  messages = 0;
  frames = 0;
  bytes = 0;
  /** Every byte the socket read (frame headers included) since the last reset. */
  wireBytes = 0;
  isReady = false;
  isClosed = false;
  closeCode: number | undefined;
  readonly socket: Socket;
  private readonly reader = new FrameReader(this);
  private handshake = '';
  private isUpgraded = false;
  private parts: Buffer[] | undefined;
  /** The current frame's compressed payload as latin1, while one is being read. */
  private compressed: string | undefined;
  private frameLength = 0;
  private arrivalMs = 0;
  private isSettled = false;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly sampling: Sampling | undefined,
    private readonly onSettled: (connection: LoadConnection, error?: string) => void,
  ) {
    this.socket = connect({ host: '127.0.0.1', port: target.port, onread: { buffer: READ_BUFFER, callback: (n) => this.onBytes(n) } });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => this.socket.write(this.upgradeRequest()));
    this.socket.on('error', (error) => this.settle(error.message));
    this.socket.on('close', () => {
      this.isClosed = true;
      this.settle('closed before subscribing');
    });
  }

  get isSampled(): boolean {
    return this.sampling !== undefined;
  }

  /** Stops reading: the kernel buffers fill and the server sees a client that cannot keep up. */
  pause(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }

  onFrameStart(_opcode: number, length: number, isCompressed: boolean): void {
    this.frameLength = length;
    if (isCompressed) this.compressed = '';
    // Socket.IO's heartbeat is a one-byte text frame ("2"): small frames are assembled to answer it.
    else if (!this.isReady || this.isSampled || length <= 2) this.parts = [];
  }

  onData(chunk: Buffer, start: number, end: number): void {
    if (this.isReady) this.bytes += end - start;
    if (this.compressed !== undefined) {
      this.compressed += chunk.toString('latin1', start, end);
      return;
    }
    if (this.parts) this.parts.push(Buffer.from(chunk.subarray(start, end)));
    if (this.isReady) this.messages += countMessages(chunk, start, end);
  }

  onFrameEnd(): void {
    if (this.isReady) this.frames++;
    const compressed = this.compressed;
    this.compressed = undefined;
    let payload: Buffer;
    if (compressed !== undefined) {
      const inflated = inflateShared(compressed, countMessages);
      if (this.isReady) this.messages += inflated.messages;
      if (this.isReady && !this.isSampled) return;
      payload = inflated.plain;
    } else {
      const parts = this.parts;
      this.parts = undefined;
      if (!parts) return;
      payload = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, this.frameLength);
    }
    if (this.target.kind === 'socketio' && payload.length === 1 && payload[0] === 0x32) return void this.socket.write(clientText('3'));
    if (!this.isReady) return this.onSetupFrame(payload.toString('utf8'));
    if (!this.sampling) return;
    const { latency, check } = this.sampling;
    // A STOMP message's deltas are in its MESSAGE bodies, the JSON the JSON protocol sends.
    const read = (json: Buffer): void => {
      check?.read(json.toString('utf8'));
      this.recordLatencies(json, latency);
    };
    if (this.target.kind === 'gateway-stomp') forEachStompBody(payload, read);
    else read(payload);
  }

  onControl(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) this.socket.write(clientFrame(OPCODE.pong, payload));
    if (opcode === OPCODE.close) {
      this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      this.socket.end(clientFrame(OPCODE.close, payload.subarray(0, 2)));
    }
  }

  private onBytes(length: number): boolean {
    const chunk = READ_BUFFER.subarray(0, length);
    if (this.isSampled) this.arrivalMs = nowMs();
    if (this.isReady) this.wireBytes += length;
    if (this.isUpgraded) {
      this.reader.read(chunk, 0, length);
      return true;
    }
    const before = this.handshake.length;
    this.handshake += chunk.toString('latin1');
    const end = this.handshake.indexOf(HEADER_END);
    if (end < 0) {
      if (this.handshake.length > MAX_HANDSHAKE_CHARS) this.settle('handshake response too long');
      return true;
    }
    if (!this.handshake.startsWith('HTTP/1.1 101')) {
      this.settle(`handshake refused: ${this.handshake.slice(0, this.handshake.indexOf('\r\n'))}`);
      return true;
    }
    if (this.target.kind === 'gateway-stomp' && !acceptsStomp(this.handshake)) {
      this.settle(`handshake did not take the ${STOMP_SUBPROTOCOL} subprotocol`);
      return true;
    }
    if (OFFERS_DEFLATE[this.target.kind] && !DEFLATE_ANSWER.test(this.handshake)) {
      this.settle('handshake declined permessage-deflate');
      return true;
    }
    this.isUpgraded = true;
    this.onUpgraded();
    this.reader.read(chunk, end + HEADER_END.length - before, length);
    this.handshake = '';
    return true;
  }

  private upgradeRequest(): string {
    const key = randomBytes(16).toString('base64');
    const host = `127.0.0.1:${this.target.port}`;
    const protocol = this.target.kind === 'gateway-stomp' ? `Sec-WebSocket-Protocol: ${STOMP_SUBPROTOCOL}\r\n` : '';
    const extensions = OFFERS_DEFLATE[this.target.kind] ? DEFLATE_OFFER : '';
    return `GET ${UPGRADE_PATH[this.target.kind]} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${protocol}${extensions}\r\n`;
  }

  private onUpgraded(): void {
    const { kind, symbol, depth } = this.target;
    if (kind === 'gateway' || kind === 'gateway-deflate') this.socket.write(clientText(JSON.stringify({ op: 'subscribe', id: 1, channel: 'book', symbol, depth })));
    if (kind === 'bare') this.socket.write(clientText(JSON.stringify({ op: 'subscribe', symbol })));
    // SUBSCRIBE goes once CONNECTED is back, as stompjs sends it.
    if (kind === 'gateway-stomp') this.socket.write(clientText(STOMP_CONNECT));
    // Socket.IO speaks first: the Engine.IO open packet ("0{...}").
  }

  // Engine.IO v4 / Socket.IO v5 wire protocol: "0" open, "40" namespace connect, "42[...]" event.
  private onSetupFrame(text: string): void {
    const { kind, symbol, depth } = this.target;
    if (kind === 'gateway-stomp') return this.onStompSetupFrame(text, symbol, depth);
    if (kind === 'socketio' && text.startsWith('0{')) return void this.socket.write(clientText('40'));
    if (kind === 'socketio' && text.startsWith('40')) return void this.socket.write(clientText(`42${JSON.stringify(['subscribe', symbol])}`));
    const isGateway = kind === 'gateway' || kind === 'gateway-deflate';
    const isSubscribed = isGateway ? text.includes('"type":"book.snapshot"') : text.includes('subscribed');
    if (!isSubscribed) return;
    if (isGateway) this.sampling?.check?.read(text);
    this.isReady = true;
    this.settle();
  }

  // CONNECTED, then the book's snapshot: only what comes after it is counted (nor are heart-beats, which hold no `{`).
  private onStompSetupFrame(text: string, symbol: string, depth: number): void {
    const setup = stompSetupStep(text);
    if (setup.step === 'subscribe') this.socket.write(clientText(stompSubscribe(symbol, depth)));
    if (setup.step === 'refused') this.settle(setup.error);
    if (setup.step !== 'subscribed') return;
    this.isReady = true;
    this.settle();
  }

  // Each delta's `ts` is its publish time; the first `"ts":` after a delta's type is that delta's.
  private recordLatencies(payload: Buffer, latency: LatencyHistogram): void {
    for (let at = payload.indexOf(DELTA_MARK); at !== -1; at = payload.indexOf(DELTA_MARK, at + 1)) {
      const tsAt = payload.indexOf(TS_MARK, at);
      if (tsAt === -1) return;
      const start = tsAt + TS_MARK.length;
      const end = payload.indexOf(0x2c, start);
      const ts = Number(payload.toString('latin1', start, end === -1 ? start : end));
      if (Number.isFinite(ts)) latency.record(this.arrivalMs - ts);
    }
  }

  // Settles once: later errors and closes are counted by the generator from `isClosed`.
  private settle(error?: string): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.onSettled(this, error);
  }
}
