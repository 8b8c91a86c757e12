// Plays an NDJSON recording (see recorder.ts) back as a FeedSource, paced by the events' own `ts`
// deltas divided by `speed`. Every line is validated; a bad one is reported and skipped.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_RECORDING_LINE_CHARS, parseRecordingLine, type RecordingLineError } from './recorder.ts';
import type { EmitSourceEvent, FeedSource, SourceEvent } from './source.ts';

/** Why a replayed line was skipped: a malformed line, or book levels before that symbol's snapshot. */
export type ReplayBadInput = RecordingLineError | 'NO_SNAPSHOT';

/** How a recording is played. */
export interface ReplayOptions {
  file: string;
  /** Playback speed: 1 is recorded speed, 10 is ten times faster. */
  speed?: number;
  /** Starts over at the end; each pass begins with the file's snapshots again. */
  shouldLoop?: boolean;
  /** Recorded milliseconds between the last event of a pass and the first of the next. */
  loopGapMs?: number;
  /** `recorded` keeps each event's ts; `replayed` stamps it with the wall clock when emitted. */
  timestamps?: 'recorded' | 'replayed';
  maxLineChars?: number;
  /** A skipped line: the reason code, the line itself and a human-readable detail. */
  onBadInput?: (reason: ReplayBadInput, line: string, detail: string) => void;
  /** The file could not be read; playback stops. */
  onError?: (error: Error) => void;
  /** Playback finished (never called when looping, nor after stop()). */
  onEnd?: () => void;
  /** Monotonic clock used for pacing. */
  now?: () => number;
  /** Clock used for `replayed` timestamps. */
  wallClock?: () => number;
}

/** A FeedSource that replays a recording, validating every line. */
export class ReplaySource implements FeedSource {
  private readonly speed: number;
  private abort: AbortController | undefined;

  constructor(private readonly options: ReplayOptions) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0) || !Number.isFinite(this.speed)) throw new RangeError(`speed must be a positive number, got ${this.speed}`);
  }

  /** Starts playback in the background; a second call while playing is ignored. */
  start(emit: EmitSourceEvent): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    this.run(emit, abort.signal).catch((error: unknown) => {
      if (abort.signal.aborted) return;
      const reported = error instanceof Error ? error : new Error(String(error));
      if (this.options.onError) this.options.onError(reported);
      else process.emitWarning(`replay of ${this.options.file} stopped: ${reported.message}`);
    });
  }

  /** Stops playback; no event is emitted after it returns. Safe to call twice. */
  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  private async run(emit: EmitSourceEvent, signal: AbortSignal): Promise<void> {
    for (let pass = 0; ; pass++) {
      await this.playOnce(emit, signal, pass);
      if (signal.aborted) return;
      if (!this.options.shouldLoop) break;
      await sleep((this.options.loopGapMs ?? 1000) / this.speed, undefined, { signal });
    }
    this.options.onEnd?.();
  }

  private async playOnce(emit: EmitSourceEvent, signal: AbortSignal, pass: number): Promise<void> {
    const now = this.options.now ?? (() => performance.now());
    const input = createReadStream(this.options.file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    // Book events of a symbol must start with its snapshot (the FeedSource contract), in every pass.
    const hasSnapshot = new Set<string>();
    let anchor: { atMs: number; recordedTs: number } | undefined;
    try {
      for await (const line of lines) {
        if (signal.aborted) return;
        if (line.trim() === '') continue;
        const event = this.validate(line, hasSnapshot);
        if (!event) continue;
        anchor ??= { atMs: now(), recordedTs: event.ts };
        const waitMs = anchor.atMs + (event.ts - anchor.recordedTs) / this.speed - now();
        if (waitMs >= 1) await sleep(waitMs, undefined, { signal });
        emit(this.stamp(event, pass));
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }

  private validate(line: string, hasSnapshot: Set<string>): SourceEvent | undefined {
    const parsed = parseRecordingLine(line, this.options.maxLineChars ?? MAX_RECORDING_LINE_CHARS);
    if (!parsed.ok) {
      this.options.onBadInput?.(parsed.reason, line, parsed.detail);
      return undefined;
    }
    const { event } = parsed;
    if (event.type === 'snapshot') hasSnapshot.add(event.symbol);
    else if (event.type === 'levels' && !hasSnapshot.has(event.symbol)) {
      this.options.onBadInput?.('NO_SNAPSHOT', line, `levels for ${event.symbol} before its snapshot`);
      return undefined;
    }
    return event;
  }

  private stamp(event: SourceEvent, pass: number): SourceEvent {
    const ts = this.options.timestamps === 'replayed' ? (this.options.wallClock ?? Date.now)() : event.ts;
    // Later passes replay the same trades: a pass suffix keeps trade ids unique for consumers.
    if (event.type === 'trade' && pass > 0) return { ...event, ts, id: `${event.id}~${pass}` };
    return ts === event.ts ? event : { ...event, ts };
  }
}
