// In-memory stand-ins for the browser APIs the shared connection uses: BroadcastChannel (delivery to
// every other channel of the same name, cloned, a task later, as the browser does) and Web Locks
// (one holder per name, a FIFO queue, release when the callback's promise settles, abort while queued).
import type { BroadcastChannelLike } from '../../../../lib/client/shared/holder-host.ts';
import type { LockManagerLike } from '../../../../lib/client/shared/tab-session.ts';

export class FakeBroadcastNetwork {
  private readonly channels = new Map<string, Set<FakeChannel>>();
  /** Messages posted but not delivered yet. */
  private queue: (() => void)[] = [];

  channel = (name: string): BroadcastChannelLike => {
    const channel = new FakeChannel(name, this);
    let set = this.channels.get(name);
    if (!set) this.channels.set(name, (set = new Set()));
    set.add(channel);
    return channel;
  };

  post(from: FakeChannel, message: unknown): void {
    const data = structuredClone(message);
    for (const to of this.channels.get(from.name) ?? []) if (to !== from) this.queue.push(() => to.deliver(data));
  }

  remove(channel: FakeChannel): void {
    this.channels.get(channel.name)?.delete(channel);
  }

  /** Delivers everything posted, including what the deliveries post, and lets promises settle in between. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.queue.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.queue.length === 0) return;
      }
      const batch = this.queue;
      this.queue = [];
      for (const deliver of batch) deliver();
    }
    throw new Error('messages kept coming');
  }
}

class FakeChannel implements BroadcastChannelLike {
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  private isClosed = false;

  constructor(
    readonly name: string,
    private readonly network: FakeBroadcastNetwork,
  ) {}

  postMessage(message: unknown): void {
    if (this.isClosed) throw new Error('InvalidStateError: channel is closed');
    this.network.post(this, message);
  }

  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.isClosed = true;
    this.network.remove(this);
  }

  deliver(data: unknown): void {
    if (this.isClosed) return;
    for (const listener of this.listeners) listener({ data } as MessageEvent);
  }
}

interface Waiter {
  grant: () => void;
  signal: AbortSignal | undefined;
}

/** Web Locks for one origin, shared by the fake tabs of a test. */
export class FakeLocks {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, Waiter[]>();

  /** A lock manager for one tab; `kill()` releases every lock that tab holds, as a crash would. */
  forTab(): LockManagerLike & { kill(): void } {
    const releases = new Set<() => void>();
    let isDead = false;
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const grant = (): void => {
            if (isDead) return this.release(name);
            let release!: () => void;
            const done = new Promise<void>((r) => (release = r));
            releases.add(release);
            void done.then(() => {
              releases.delete(release);
              this.release(name);
            });
            void callback().then(release, release).then(() => resolve(undefined));
          };
          const waiter: Waiter = { grant, signal: options.signal };
          options.signal?.addEventListener('abort', () => {
            const queue = this.queues.get(name) ?? [];
            const at = queue.indexOf(waiter);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(new Error('AbortError'));
            }
          });
          this.enqueue(name, waiter);
        }),
      kill: () => {
        isDead = true;
        for (const release of [...releases]) release();
      },
    };
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  private enqueue(name: string, waiter: Waiter): void {
    if (!this.held.has(name)) {
      this.held.add(name);
      queueMicrotask(waiter.grant);
      return;
    }
    const queue = this.queues.get(name) ?? [];
    queue.push(waiter);
    this.queues.set(name, queue);
  }

  private release(name: string): void {
    const next = this.queues.get(name)?.shift();
    if (!next) return void this.held.delete(name);
    queueMicrotask(next.grant);
  }
}
