// A ReadableStream fed by pushes. Read normally it behaves like any stream; piped (as Next pipes a
// route handler's body into the response with `body.pipeTo(writer)`), it writes each chunk straight
// to the destination's writer, skipping the read half of the pipe: per chunk and per client, that
// half (a read request, the pipe's step, their promises under Next's async-context hooks) cost as
// much as the write itself. Piped by Next into an event-stream response of our own server
// (node-response.ts), it also skips the write half and writes each chunk to that Node response, as
// Next's writer would, with none of its per-chunk promises; ending and aborting still go through
// Next's writer. Correctness never depends on the shortcuts: any other consumer gets the standard path.
import type { ServerResponse } from 'node:http';
import { pendingEventStreamResponse } from './node-response.ts';

/** Where a producer sends its chunks, whichever way the stream is consumed. */
export interface ChunkSink {
  send(chunk: Uint8Array): void;
  /** Chunks sent and not yet taken by the consumer. */
  queued(): number;
  /** Resolves once the consumer has room again (paces a producer that has a lot to send). */
  room(): Promise<void>;
  /** Ends the stream after what is queued. */
  close(): void;
  /** Ends it at once, discarding what is queued (a client that stopped reading). */
  drop(): void;
  /** Calls `listener` once, when the consumer goes away or the stream ends. */
  onEnd(listener: () => void): void;
}

/** Starts producing into a sink; called once, when the stream is first read or piped. */
export type Producer = (sink: ChunkSink) => void;

const dropError = (): DOMException => new DOMException('the client stopped reading', 'AbortError');
const ignore = (): void => undefined;

/** Calls end listeners once. */
class Ending {
  private listeners: (() => void)[] | undefined = [];
  on(listener: () => void): void {
    if (this.listeners) this.listeners.push(listener);
    else listener();
  }
  end(): void {
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
  get hasEnded(): boolean {
    return this.listeners === undefined;
  }
}

/** The standard path: chunks go through the stream's own queue to whoever reads it. */
class ControllerSink implements ChunkSink {
  readonly ending = new Ending();
  private wake: (() => void) | undefined;

  constructor(private readonly controller: ReadableStreamDefaultController<Uint8Array>) {}

  send(chunk: Uint8Array): void {
    if (!this.ending.hasEnded) this.controller.enqueue(chunk);
  }
  queued(): number {
    return -(this.controller.desiredSize ?? 0);
  }
  async room(): Promise<void> {
    while (!this.ending.hasEnded && this.queued() > 0) await new Promise<void>((resolve) => (this.wake = resolve));
  }
  pulled(): void {
    this.wake?.();
    this.wake = undefined;
  }
  close(): void {
    this.finish(() => this.controller.close());
  }
  drop(): void {
    this.finish(() => this.controller.error(dropError()));
  }
  onEnd(listener: () => void): void {
    this.ending.on(listener);
  }
  finish(act?: () => void): void {
    if (this.ending.hasEnded) return;
    this.ending.end();
    this.pulled();
    try {
      act?.();
    } catch {
      // already closed by the consumer
    }
  }
}

/** Where a piped stream's chunks go: the destination's writer, or the Node response behind it. */
interface ChunkTarget {
  write(chunk: Uint8Array): void;
  queued(): number;
  room(): Promise<void>;
}

/** The pipe's destination, through its writer. */
function writerTarget(writer: WritableStreamDefaultWriter<Uint8Array>): ChunkTarget {
  return {
    // A write fails only once the response is gone, which `closed` reports; its own rejection is noise.
    write: (chunk) => void writer.write(chunk).catch(ignore),
    // The destination's default strategy counts chunks (high-water mark 1), the one in flight included.
    queued: () => 1 - (writer.desiredSize ?? 1),
    room: () => writer.ready.catch(ignore),
  };
}

/** The Node response Next pipes into, written directly: one `res.write` per chunk, as Next's writer does. */
function responseTarget(res: ServerResponse): ChunkTarget {
  let chunkBytes = 1;
  return {
    write(chunk) {
      if (res.destroyed || res.writableEnded) return;
      chunkBytes = Math.max(1, chunk.byteLength);
      res.write(chunk);
    },
    // Bytes Node holds for this response (once the kernel's socket buffer is full), in chunks of the last size sent.
    queued: () => Math.ceil(res.writableLength / chunkBytes),
    room: () =>
      res.writableNeedDrain
        ? new Promise<void>((resolve) => {
            const done = (): void => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.on('drain', done);
            res.on('close', done);
          })
        : Promise.resolve(),
  };
}

/** The shortcut: chunks go straight to the pipe's destination (or the response behind it). */
class WriterSink implements ChunkSink {
  readonly ending = new Ending();
  readonly done: Promise<void>;
  private settle: (error?: unknown) => void = ignore;

  constructor(
    private readonly writer: WritableStreamDefaultWriter<Uint8Array>,
    private readonly target: ChunkTarget,
    signal: AbortSignal | undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    const onAbort = (): void => this.end(signal?.reason ?? dropError());
    if (signal?.aborted) queueMicrotask(onAbort);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.ending.on(() => signal?.removeEventListener('abort', onAbort));
    // The destination failed (the response could not be written): stop producing.
    writer.closed.catch((error: unknown) => this.end(error));
  }

  send(chunk: Uint8Array): void {
    if (!this.ending.hasEnded) this.target.write(chunk);
  }
  queued(): number {
    return this.target.queued();
  }
  room(): Promise<void> {
    return this.target.room();
  }
  close(): void {
    if (this.ending.hasEnded) return;
    this.ending.end();
    this.writer.close().then(() => this.settle(), (error: unknown) => this.settle(error));
  }
  drop(): void {
    const error = dropError();
    if (!this.ending.hasEnded) this.writer.abort(error).catch(ignore);
    this.end(error);
  }
  onEnd(listener: () => void): void {
    this.ending.on(listener);
  }
  private end(error: unknown): void {
    if (this.ending.hasEnded) return;
    this.ending.end();
    // Rejecting with an AbortError (or Next's ResponseAborted) tells Next the client left: nothing to log.
    this.settle(error);
  }
}

/** A pushed byte stream; see the file comment. */
export class PushStream extends ReadableStream<Uint8Array> {
  private readonly startPiped: (destination: WritableStream<Uint8Array>, signal: AbortSignal | undefined) => Promise<void> | undefined;

  constructor(produce: Producer) {
    let sink: ControllerSink | WriterSink | undefined;
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    super(
      {
        start: (c) => void (controller = c),
        // With a high-water mark of 0 the first pull comes with the first read: that is when production starts.
        pull: () => {
          if (!sink && controller) {
            const created = new ControllerSink(controller);
            sink = created;
            produce(created);
          }
          if (sink instanceof ControllerSink) sink.pulled();
        },
        cancel: () => sink?.ending.end(),
      },
      { highWaterMark: 0 },
    );
    this.startPiped = (destination, signal) => {
      if (sink) return undefined;
      const writer = destination.getWriter();
      const response = pendingEventStreamResponse();
      const created = new WriterSink(writer, response ? responseTarget(response) : writerTarget(writer), signal);
      sink = created;
      produce(created);
      return created.done;
    };
  }

  override pipeTo(destination: WritableStream<Uint8Array>, options?: StreamPipeOptions): Promise<void> {
    const piped = this.locked ? undefined : this.startPiped(destination, options?.signal);
    if (!piped) return super.pipeTo(destination, options);
    this.getReader(); // locked, as a piped stream is, so no one else reads it meanwhile
    return piped;
  }
}
