// An incremental reader of unmasked server frames (RFC 6455 §5.2) that never copies a data payload:
// it hands out byte ranges of the chunk it was given, so a load client can count without assembling.

/** What the reader reports, in stream order. */
export interface FrameHandler {
  /**
   * A data frame (text, binary or continuation) starts; `length` is its payload size, `isCompressed`
   * its RSV1 bit (permessage-deflate: the payload is deflated, RFC 7692).
   */
  onFrameStart(opcode: number, length: number, isCompressed: boolean): void;
  /** Payload bytes `chunk[start, end)` of the current data frame; the chunk is reused after the call. */
  onData(chunk: Buffer, start: number, end: number): void;
  /** The current data frame ended. */
  onFrameEnd(): void;
  /** A whole control frame (close, ping, pong) with its payload copied. */
  onControl(opcode: number, payload: Buffer): void;
}

const MAX_HEADER_BYTES = 14;

/** Parses one connection's byte stream into frames. */
export class FrameReader {
  private readonly head = Buffer.alloc(MAX_HEADER_BYTES);
  private headBytes = 0;
  private remaining = 0;
  private isInPayload = false;
  private control: { opcode: number; parts: Buffer[] } | undefined;

  constructor(private readonly handler: FrameHandler) {}

  /** Feeds `chunk[start, end)`. */
  read(chunk: Buffer, start: number, end: number): void {
    let at = start;
    // Each pass consumes a header or some payload, so the loop ends within `end - start` passes.
    while (at < end) {
      if (!this.isInPayload) {
        at = this.readHeader(chunk, at, end);
        continue;
      }
      const take = Math.min(this.remaining, end - at);
      if (this.control) this.control.parts.push(Buffer.from(chunk.subarray(at, at + take)));
      else this.handler.onData(chunk, at, at + take);
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) this.endFrame();
    }
  }

  private readHeader(chunk: Buffer, at: number, end: number): number {
    let next = at;
    while (next < end && this.headBytes < 2) this.head[this.headBytes++] = chunk[next++] ?? 0;
    if (this.headBytes < 2) return next;
    const len7 = (this.head[1] ?? 0) & 0x7f;
    const size = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + ((this.head[1] ?? 0) & 0x80 ? 4 : 0);
    while (next < end && this.headBytes < size) this.head[this.headBytes++] = chunk[next++] ?? 0;
    if (this.headBytes < size) return next;
    const length = len7 === 126 ? this.head.readUInt16BE(2) : len7 === 127 ? Number(this.head.readBigUInt64BE(2)) : len7;
    const opcode = (this.head[0] ?? 0) & 0x0f;
    const isCompressed = ((this.head[0] ?? 0) & 0x40) !== 0;
    this.headBytes = 0;
    this.remaining = length;
    this.isInPayload = true;
    if (opcode >= 0x8) this.control = { opcode, parts: [] };
    else this.handler.onFrameStart(opcode, length, isCompressed);
    if (length === 0) this.endFrame();
    return next;
  }

  private endFrame(): void {
    this.isInPayload = false;
    const control = this.control;
    this.control = undefined;
    if (control) this.handler.onControl(control.opcode, Buffer.concat(control.parts));
    else this.handler.onFrameEnd();
  }
}
