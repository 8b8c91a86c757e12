// A streaming STOMP 1.2 frame parser for what clients send: bytes in (split anywhere, several frames per
// chunk), frames and heart-beats out. It only frames; commands and required headers are the session's job.
// It copies no more of a frame than the limits allow, so a peer cannot make it hold more than about
// maxFrameBytes, and after the first error it is dead (its owner sends ERROR and closes).
import { escapesHeaders, type StompFrame, unescapeHeader } from './stomp-frame.ts';

export type StompParseEvent =
  | { kind: 'frame'; frame: StompFrame }
  | { kind: 'heartbeat' }
  | { kind: 'error'; code: 'BAD_FRAME'; message: string; receipt?: string };

export interface StompParserLimits {
  /** Most bytes of one frame: command line, header lines, blank line and body (the NUL not counted). */
  maxFrameBytes: number;
  /** Most header lines in one frame. */
  maxHeaders: number;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const COLON = 0x3a;
const DECIMAL = /^[0-9]+$/;

type State =
  | 'between' // before a command: EOLs here are heart-beats
  | 'between-cr' // a CR between frames, which must be followed by LF
  | 'line' // the command line or a header line, up to LF
  | 'sized-body' // `content-length` bytes of body
  | 'sized-end' // the NUL after a sized body
  | 'open-body' // a body up to the first NUL
  | 'dead';

class StompFrameError extends Error {}

export class StompParser {
  private state: State = 'between';
  /** The bytes of the line or body being read (a copy, never a view of a caller's chunk). */
  private scratch = Buffer.alloc(256);
  private scratchLength = 0;
  /** Bytes of the current frame so far, against maxFrameBytes. */
  private frameBytes = 0;
  private command: string | null = null;
  private headers: [string, string][] = [];
  private receipt: string | undefined;
  private bodyRemaining = 0;
  /** A high surrogate that ended a string chunk, held until the low one arrives. */
  private heldSurrogate = '';

  constructor(private readonly limits: StompParserLimits) {}

  /** Parses a chunk; returns what it completed, in order. Never throws: a malformed frame is an `error` event. */
  push(chunk: Buffer | string): StompParseEvent[] {
    if (this.state === 'dead') return [];
    const events: StompParseEvent[] = [];
    try {
      this.parse(this.bytesOf(chunk), events);
    } catch (error) {
      const message = error instanceof StompFrameError ? error.message : 'The frame could not be parsed.';
      events.push(this.receipt === undefined ? { kind: 'error', code: 'BAD_FRAME', message } : { kind: 'error', code: 'BAD_FRAME', message, receipt: this.receipt });
      this.die();
    }
    return events;
  }

  private bytesOf(chunk: Buffer | string): Buffer {
    if (typeof chunk !== 'string') {
      if (this.heldSurrogate === '') return chunk;
      const held = Buffer.from(this.heldSurrogate, 'utf8');
      this.heldSurrogate = '';
      return Buffer.concat([held, chunk]);
    }
    let text = this.heldSurrogate + chunk;
    this.heldSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return Buffer.from(text, 'utf8');
  }

  private parse(bytes: Buffer, events: StompParseEvent[]): void {
    let at = 0;
    while (at < bytes.length) {
      switch (this.state) {
        case 'between': {
          const byte = bytes[at];
          if (byte === LF) {
            events.push({ kind: 'heartbeat' });
            at += 1;
          } else if (byte === CR) {
            this.state = 'between-cr';
            at += 1;
          } else {
            this.state = 'line';
          }
          break;
        }
        case 'between-cr':
          if (bytes[at] !== LF) throw new StompFrameError('A CR between frames is not followed by LF.');
          events.push({ kind: 'heartbeat' });
          this.state = 'between';
          at += 1;
          break;
        case 'line': {
          const lf = bytes.indexOf(LF, at);
          const end = lf < 0 ? bytes.length : lf + 1;
          this.take(bytes, at, end);
          at = end;
          if (lf >= 0) this.endLine();
          break;
        }
        case 'sized-body': {
          const end = Math.min(bytes.length, at + this.bodyRemaining);
          this.collect(bytes, at, end);
          this.bodyRemaining -= end - at;
          at = end;
          if (this.bodyRemaining === 0) this.state = 'sized-end';
          break;
        }
        case 'sized-end':
          if (bytes[at] !== NUL) throw new StompFrameError('The body is not followed by NUL after content-length bytes.');
          at += 1;
          this.endFrame(events);
          break;
        case 'open-body': {
          const nul = bytes.indexOf(NUL, at);
          const end = nul < 0 ? bytes.length : nul;
          this.take(bytes, at, end);
          at = nul < 0 ? end : nul + 1;
          if (nul >= 0) this.endFrame(events);
          break;
        }
        case 'dead':
          return;
      }
    }
  }

  /** Copies frame bytes, refusing them first if they would take the frame past maxFrameBytes. */
  private take(bytes: Buffer, from: number, to: number): void {
    this.frameBytes += to - from;
    if (this.frameBytes > this.limits.maxFrameBytes) throw new StompFrameError(`The frame is larger than ${this.limits.maxFrameBytes} bytes.`);
    this.collect(bytes, from, to);
  }

  private collect(bytes: Buffer, from: number, to: number): void {
    const needed = this.scratchLength + (to - from);
    if (needed > this.scratch.length) {
      const grown = Buffer.alloc(Math.max(needed, this.scratch.length * 2));
      this.scratch.copy(grown, 0, 0, this.scratchLength);
      this.scratch = grown;
    }
    bytes.copy(this.scratch, this.scratchLength, from, to);
    this.scratchLength = needed;
  }

  /** A line (its LF in scratch) is complete: the command, a header, or the blank line before the body. */
  private endLine(): void {
    let end = this.scratchLength - 1;
    if (end > 0 && this.scratch[end - 1] === CR) end -= 1;
    const line = this.scratch.subarray(0, end);
    this.scratchLength = 0;
    if (this.command === null) {
      this.command = line.toString('utf8');
      return;
    }
    if (line.length > 0) {
      this.addHeader(line);
      return;
    }
    this.startBody();
  }

  private addHeader(line: Buffer): void {
    if (this.headers.length >= this.limits.maxHeaders) throw new StompFrameError(`The frame has more than ${this.limits.maxHeaders} headers.`);
    const colon = line.indexOf(COLON);
    if (colon < 0) throw new StompFrameError(`Header line ${this.headers.length + 1} has no ':'.`);
    let name = line.toString('utf8', 0, colon);
    let value = line.toString('utf8', colon + 1);
    if (escapesHeaders(this.command ?? '')) {
      const plainName = unescapeHeader(name);
      const plainValue = unescapeHeader(value);
      if (!plainName.ok || !plainValue.ok) {
        const escape = plainName.ok ? (plainValue.ok ? '' : plainValue.escape) : plainName.escape;
        throw new StompFrameError(`Header line ${this.headers.length + 1} has the undefined escape '${escape}'.`);
      }
      name = plainName.text;
      value = plainValue.text;
    }
    if (name === 'receipt' && this.receipt === undefined) this.receipt = value;
    this.headers.push([name, value]);
  }

  private startBody(): void {
    const length = this.headers.find(([name]) => name === 'content-length')?.[1];
    if (length === undefined) {
      this.state = 'open-body';
      return;
    }
    if (!DECIMAL.test(length)) throw new StompFrameError(`The content-length '${length.slice(0, 32)}' is not a non-negative integer.`);
    const bytes = Number(length);
    if (this.frameBytes + bytes > this.limits.maxFrameBytes) throw new StompFrameError(`The frame is larger than ${this.limits.maxFrameBytes} bytes.`);
    this.frameBytes += bytes;
    this.bodyRemaining = bytes;
    this.state = bytes === 0 ? 'sized-end' : 'sized-body';
  }

  private endFrame(events: StompParseEvent[]): void {
    const body = this.scratch.toString('utf8', 0, this.scratchLength);
    events.push({ kind: 'frame', frame: { command: this.command ?? '', headers: this.headers, body } });
    this.state = 'between';
    this.scratchLength = 0;
    this.frameBytes = 0;
    this.command = null;
    this.headers = [];
    this.receipt = undefined;
    this.bodyRemaining = 0;
    if (this.scratch.length > 4096) this.scratch = Buffer.alloc(256);
  }

  private die(): void {
    this.state = 'dead';
    this.scratch = Buffer.alloc(0);
    this.scratchLength = 0;
    this.headers = [];
    this.heldSurrogate = '';
  }
}
