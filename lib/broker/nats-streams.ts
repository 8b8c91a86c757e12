// Resumable streams on JetStream: one stream per name, bounded by max_msgs with discard old (exact, where
// Redis trims about maxLen). An entry's id is `<stream sequence>-0`: it orders like a Redis id under
// compareStreamIds and passes as an SSE Last-Event-ID. Entries appended with `publish: true` go to the
// stream's `.live` subject, the others to `.quiet`; `tail` is an ordered consumer of `.live` from the
// sequence after the last one kept, so it gets each entry with its sequence, in order, and after a server
// restart (its consumer gone, noticed within about two missed heartbeats) starts again where it was,
// delivering late rather than dropping what was appended meanwhile (Redis pub/sub drops it).
import { DeliverPolicy, DiscardPolicy, type JsMsg } from 'nats';
import type { AppendOptions, StreamEntry } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import type { NatsLink } from './nats-connection.ts';
import { isJetStreamError, isNoMessage, JS_ERRORS } from './nats-errors.ts';
import type { NatsNames } from './nats-names.ts';
import { StreamSetup } from './nats-stream-setup.ts';

// A tail's pull requests last this long, and the server sends a heartbeat every half of it: a consumer
// lost with a server restart is noticed after about this long, and made again.
const TAIL_EXPIRES_MS = 5000;
// Message gets in flight at once for one read (one request per entry: a batch get needs server 2.11).
const READ_CONCURRENCY = 100;

/** The stream id of a JetStream sequence. */
export function streamIdOf(sequence: number): string {
  return `${sequence}-0`;
}

/** The last sequence an id covers: `40-0` → 40; `40-3` is still after 40 and before 41; `0` → 0. */
function sequenceOf(id: string): number {
  const sequence = Number(id.split('-')[0]);
  return Number.isSafeInteger(sequence) && sequence > 0 ? sequence : 0;
}

/** The resumable streams of one NATS broker. */
export class NatsStreams {
  private readonly setup: StreamSetup;

  constructor(
    private readonly link: NatsLink,
    private readonly names: NatsNames,
    private readonly logger: BrokerLogger,
  ) {
    this.setup = new StreamSetup(link);
  }

  async append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    const { js } = await this.link.connection();
    await this.ensure(stream, options.maxLen);
    const subject = options.publish ? this.names.streamLiveSubject(stream) : this.names.streamQuietSubject(stream);
    const ack = await js.publish(subject, payload, { expect: { streamName: this.names.stream(stream) } });
    return streamIdOf(ack.seq);
  }

  async readAfter(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    const span = await this.span(stream);
    if (!span || count <= 0) return [];
    const entries: StreamEntry[] = [];
    // Entries trimmed while reading leave holes at the front: read on until `count` or the end.
    for (let next = Math.max(span.first, sequenceOf(afterId) + 1); entries.length < count && next <= span.last; ) {
      const last = Math.min(span.last, next + Math.min(READ_CONCURRENCY, count - entries.length) - 1);
      entries.push(...(await this.readRange(stream, next, last)));
      next = last + 1;
    }
    return entries;
  }

  async readLatest(stream: string, count: number): Promise<StreamEntry[]> {
    const span = await this.span(stream);
    if (!span || count <= 0) return [];
    return this.readRange(stream, Math.max(span.first, span.last - count + 1), span.last);
  }

  async firstId(stream: string): Promise<string | null> {
    const span = await this.span(stream);
    return span ? streamIdOf(span.first) : null;
  }

  /** Follows the entries appended with `publish: true` from now on; resolves once the consumer exists. */
  async tail(stream: string, handler: (entry: StreamEntry) => void): Promise<() => Promise<void>> {
    const { js } = await this.link.connection();
    // The consumer needs the stream; a tail may start before the first append, which then sets the bound.
    await this.ensure(stream, undefined);
    // From an explicit sequence, not "new": a consumer made again after a restart resumes from its cursor,
    // while one that had seen nothing yet would otherwise start from "new" again and skip what came meanwhile.
    const { jsm } = await this.link.connection();
    const { state } = await jsm.streams.info(this.names.stream(stream));
    const consumer = await js.consumers.get(this.names.stream(stream), {
      filterSubjects: this.names.streamLiveSubject(stream),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: state.last_seq + 1,
    });
    const deliver = (message: JsMsg): void => {
      try {
        handler({ id: streamIdOf(message.seq), data: message.string() });
      } catch (error) {
        this.logger.warn({ err: error, stream }, 'broker subscriber threw; message dropped');
      }
    };
    const messages = await consumer.consume({ callback: deliver, expires: TAIL_EXPIRES_MS });
    let isStopped = false;
    return async () => {
      if (isStopped) return;
      isStopped = true;
      await messages.close();
      await consumer.delete().catch(() => false);
    };
  }

  /** The first and last sequence kept, or undefined for a stream that is empty or was never written. */
  private async span(stream: string): Promise<{ first: number; last: number } | undefined> {
    const { jsm } = await this.link.connection();
    try {
      const { state } = await jsm.streams.info(this.names.stream(stream));
      return state.messages > 0 ? { first: state.first_seq, last: state.last_seq } : undefined;
    } catch (error) {
      if (isJetStreamError(error, JS_ERRORS.streamNotFound)) return undefined;
      throw error;
    }
  }

  /** The entries from `first` to `last`, oldest first; one trimmed meanwhile is left out. */
  private async readRange(stream: string, first: number, last: number): Promise<StreamEntry[]> {
    const { jsm } = await this.link.connection();
    const name = this.names.stream(stream);
    const entries: StreamEntry[] = [];
    for (let start = first; start <= last; start += READ_CONCURRENCY) {
      const sequences = Array.from({ length: Math.min(READ_CONCURRENCY, last - start + 1) }, (_, i) => start + i);
      const read = await Promise.all(
        sequences.map((seq) =>
          jsm.streams.getMessage(name, { seq }).then(
            (message): StreamEntry => ({ id: streamIdOf(message.seq), data: message.string() }),
            (error: unknown) => {
              if (isNoMessage(error)) return undefined;
              throw error;
            },
          ),
        ),
      );
      for (const entry of read) if (entry) entries.push(entry);
    }
    return entries;
  }

  /** Creates the stream once per process; a full one drops its oldest entries. */
  private ensure(stream: string, maxLen: number | undefined): Promise<void> {
    return this.setup.ensure({ name: this.names.stream(stream), subjects: [this.names.streamSubjects(stream)], discard: DiscardPolicy.Old }, maxLen);
  }
}
