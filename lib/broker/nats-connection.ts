// The NATS broker's one connection: opened in the background (the broker is built synchronously), retried
// until the server answers with JetStream enabled, then kept by nats.js, whose status events give the state.
import { connect, Events, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { backoffDelayMs } from '../util/backoff.ts';
import type { BrokerLogger } from './broker-logger.ts';

/** The connection and its JetStream handles, once connected. */
export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export interface NatsLinkOptions {
  url: string;
  /** The connection's name, shown by the server's monitoring (connz). */
  name: string;
  logger: BrokerLogger;
  /** Told whenever the connection comes up (true) or is lost (false). */
  onReady: (isReady: boolean) => void;
}

const FIRST_CONNECT_BACKOFF = { baseMs: 100, maxMs: 2000 };
// How long an operation issued before the first connection waits for it (ioredis queues commands meanwhile).
const FIRST_CONNECT_WAIT_MS = 5000;
// How long JetStream API calls (stream info, message get, publish acks) wait for an answer.
const API_TIMEOUT_MS = 5000;

/** One connection to NATS, opened and reopened in the background. */
export class NatsLink {
  private handles: NatsHandles | undefined;
  private isClosed = false;
  private readonly waiters = new Set<() => void>();
  private interruptPause: (() => void) | undefined;
  private readonly connecting: Promise<void>;

  constructor(private readonly options: NatsLinkOptions) {
    this.connecting = this.connectUntilUp();
  }

  /** The live handles; waits for the first connection a few seconds, then rejects. */
  async connection(): Promise<NatsHandles> {
    if (this.handles) return this.handles;
    if (this.isClosed) throw new Error('NATS broker is closed');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`NATS not connected after ${FIRST_CONNECT_WAIT_MS} ms`));
      }, FIRST_CONNECT_WAIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(done);
    });
    if (!this.handles) throw new Error('NATS broker is closed');
    return this.handles;
  }

  /** The handles if connected now (for a round trip that must not wait), else undefined. */
  current(): NatsHandles | undefined {
    return this.handles;
  }

  /** Closes the connection (nothing is flushed: callers stop their consumers and subscriptions first). */
  async close(): Promise<void> {
    this.isClosed = true;
    this.interruptPause?.();
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
    await this.connecting;
    const nc = this.handles?.nc;
    this.handles = undefined;
    if (nc && !nc.isClosed()) await nc.close();
  }

  private async connectUntilUp(): Promise<void> {
    for (let attempt = 0; !this.isClosed; attempt += 1) {
      try {
        // Once connected, nats.js reconnects by itself, forever, and resubscribes core subscriptions.
        const nc = await connect({ servers: this.options.url, name: this.options.name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250, pingInterval: 10_000 });
        if (this.isClosed) {
          await nc.close();
          return;
        }
        // Also checks that JetStream is enabled: without it streams, queues and keys cannot work.
        const jsm = await nc.jetstreamManager({ timeout: API_TIMEOUT_MS }).catch(async (error: unknown) => {
          await nc.close();
          throw error;
        });
        this.handles = { nc, js: nc.jetstream({ timeout: API_TIMEOUT_MS }), jsm };
        void this.followStatus(nc);
        this.options.onReady(true);
        for (const waiter of [...this.waiters]) waiter();
        this.waiters.clear();
        return;
      } catch (error) {
        this.options.logger.warn({ err: error, attempt }, 'nats connect failed; retrying');
        await this.pause(backoffDelayMs(attempt, FIRST_CONNECT_BACKOFF) + FIRST_CONNECT_BACKOFF.baseMs);
      }
    }
  }

  /** Turns the connection's status events into readiness: lost on disconnect, back on reconnect. */
  private async followStatus(nc: NatsConnection): Promise<void> {
    void nc.closed().then(() => {
      if (!this.isClosed) {
        this.options.logger.warn({}, 'nats connection closed by the client library');
        this.options.onReady(false);
      }
    });
    for await (const status of nc.status()) {
      if (this.isClosed) return;
      if (status.type === Events.Disconnect) this.options.onReady(false);
      else if (status.type === Events.Reconnect) this.options.onReady(true);
      else if (status.type === Events.Error) this.options.logger.warn({ err: status.data }, 'nats async error');
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.interruptPause = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.interruptPause = finish;
    });
  }
}
