// Creating a JetStream stream once per process, bounded (max_msgs) by whoever brings a bound: the
// resumable streams discard their oldest entries, the work queues refuse new ones.
import { DiscardPolicy, RetentionPolicy, StorageType } from 'nats';
import type { NatsLink } from './nats-connection.ts';
import { isJetStreamError, JS_ERRORS } from './nats-errors.ts';

/** What a stream is, besides its bound. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  /** `Old` for a stream readers resume (a full one drops its oldest), `New` for a bounded queue (a full one refuses). */
  discard: DiscardPolicy;
}

interface Ensured {
  /** The bound set here (max_msgs); undefined when only the stream's existence was needed. */
  bound: number | undefined;
  done: Promise<void>;
}

/** The streams of one broker this process has made sure of. */
export class StreamSetup {
  private readonly ensured = new Map<string, Ensured>();

  constructor(private readonly link: NatsLink) {}

  /** The bound this process last set on the stream, if any. */
  boundOf(name: string): number | undefined {
    return this.ensured.get(name)?.bound;
  }

  /** Creates the stream once per process, and sets its bound when a caller brings a new one. */
  ensure(spec: StreamSpec, bound: number | undefined): Promise<void> {
    const known = this.ensured.get(spec.name);
    if (known && (bound === undefined || known.bound === bound)) return known.done;
    const done = this.createOrBound(spec, bound);
    const ensured: Ensured = { bound: bound ?? known?.bound, done };
    this.ensured.set(spec.name, ensured);
    done.catch(() => this.ensured.get(spec.name) === ensured && this.ensured.delete(spec.name));
    return done;
  }

  private async createOrBound(spec: StreamSpec, bound: number | undefined): Promise<void> {
    const { jsm } = await this.link.connection();
    const config = { ...spec, retention: RetentionPolicy.Limits, max_msgs: bound ?? -1, storage: StorageType.File, num_replicas: 1 };
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // It exists: keep it when only its existence was needed, else set the bound.
      if (!isJetStreamError(error, JS_ERRORS.streamNameInUse)) throw error;
      if (bound === undefined) return;
      const info = await jsm.streams.info(spec.name);
      if (info.config.max_msgs !== bound) await jsm.streams.update(spec.name, { ...info.config, max_msgs: bound });
    }
  }
}
