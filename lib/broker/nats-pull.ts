// One JetStream pull request on a durable consumer, sent by hand on an inbox of our own.
// nats.js's fetch cannot ask for "wait for work, then take what is there": it either returns at once
// (no_wait) or holds the request until the batch is full or it expires. This asks with `no_wait` and
// `expires` together, which the server (2.9+) answers as one shot: it waits up to `expires` for a first
// entry, delivers what is available up to `batch`, and ends the request with a 408 status once there is
// nothing more (checked on nats-server 2.9.10). So a read returns as soon as there is work, whole.
// It is never cancelled early: see nats-queue-consumer.ts for why a consumer lets it end.
import { createInbox, nanos, type Msg, type NatsConnection } from 'nats';

/** One delivery of a queue entry, with what the ack subject says about it. */
export interface PulledEntry {
  streamSequence: number;
  /** How many times the server has delivered this entry, this delivery included. */
  deliveries: number;
  data: string;
  /** Where to acknowledge (or give back) this delivery. */
  ackSubject: string;
}

export interface PullRequest {
  stream: string;
  durable: string;
  batch: number;
  /** How long the server may wait for a first entry. */
  expiresMs: number;
}

// The request's own timer outlives the server's by this much, in case the server's closing status is lost.
const CLIENT_GRACE_MS = 1000;

/** Sends one pull request; resolves with what it delivered once the server ends it or the batch is full. */
export function pullOnce(nc: NatsConnection, request: PullRequest): Promise<PulledEntry[]> {
  const received: PulledEntry[] = [];
  return new Promise<PulledEntry[]>((resolve, reject) => {
    let isDone = false;
    const finish = (error?: Error): void => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      if (!subscription.isClosed()) subscription.unsubscribe();
      if (error) reject(error);
      else resolve(received);
    };
    const subscription = nc.subscribe(createInbox(), {
      callback: (error, msg) => {
        if (error) return finish(error);
        const status = msg.headers?.code ?? 0;
        // 100: an idle heartbeat (not asked for); 404/408: no more entries or the request expired; 409: the
        // consumer is gone or a server limit was hit, which the caller must hear about.
        if (status === 100) return;
        if (status === 404 || status === 408) return finish();
        if (status > 0) return finish(new Error(`pull request ended with ${status} ${msg.headers?.description ?? ''}`.trim()));
        const entry = parseDelivery(msg);
        if (entry) received.push(entry);
        if (received.length >= request.batch) finish();
      },
    });
    const timer = setTimeout(() => finish(), request.expiresMs + CLIENT_GRACE_MS);
    const body = JSON.stringify({ batch: request.batch, expires: nanos(request.expiresMs), no_wait: true });
    nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${request.stream}.${request.durable}`, body, { reply: subscription.getSubject() });
  });
}

/**
 * Reads a delivery's ack subject: `$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>`,
 * or with `<domain>.<account hash>` after `ACK` and a token at the end (the v2 form).
 */
export function parseAckSubject(subject: string): { deliveries: number; streamSequence: number } | undefined {
  const tokens = subject.split('.');
  if (tokens[0] !== '$JS' || tokens[1] !== 'ACK') return undefined;
  const offset = tokens.length === 9 ? 2 : tokens.length >= 11 ? 4 : -1;
  if (offset < 0) return undefined;
  const deliveries = Number(tokens[offset + 2]);
  const streamSequence = Number(tokens[offset + 3]);
  return Number.isSafeInteger(deliveries) && Number.isSafeInteger(streamSequence) ? { deliveries, streamSequence } : undefined;
}

function parseDelivery(msg: Msg): PulledEntry | undefined {
  const info = msg.reply === undefined ? undefined : parseAckSubject(msg.reply);
  if (!info || msg.reply === undefined) return undefined;
  return { ...info, data: msg.string(), ackSubject: msg.reply };
}
