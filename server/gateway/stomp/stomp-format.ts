// STOMP's way of writing the gateway's frames: each becomes a MESSAGE to the subscription that asked
// for its route, its body the JSON the fan-out built. The frame is built once per (update,
// subscription id, destination) and shared by every connection that subscribed under the same id.
import { escapeHeader } from '../../../lib/protocol/stomp/stomp-frame.ts';
import type { Payload } from '../fanout/client-port.ts';
import type { Delivery, OutboundFormat, Route } from '../fanout/outbound-format.ts';
import type { SharedFrame } from '../fanout/shared-frame.ts';
import { textFrameOf } from '../fanout/wire-frame.ts';

/** Where a route's frames go on one connection. */
export interface StompTarget {
  readonly destination: string;
  /** The client's subscription id. */
  readonly subscription: string;
  /** Names the MESSAGE built for both (see stompTarget): frames are shared by it. */
  readonly key: string;
}

/** A target, with the key its frames are shared under built once, not per write. */
export function stompTarget(destination: string, subscription: string): StompTarget {
  return { destination, subscription, key: `${subscription}\n${destination}` };
}

/** A connection's routes: which subscription reads each. */
export interface StompRoutes {
  targetOf(route: string): StompTarget | undefined;
}

interface Built {
  message: Buffer;
  wire: Buffer | undefined;
}

const NUL = Buffer.from([0]);
/** Per update, its MESSAGE frames by subscription and destination. */
const built = new WeakMap<SharedFrame, Map<string, Built>>();
// Unique on this node, which is all a client can compare message ids with.
let nextMessageId = 0;

/** The STOMP format of one connection. */
export class StompFormat implements OutboundFormat {
  constructor(private readonly routes: StompRoutes) {}

  encode(frame: SharedFrame, route: Route): Payload | undefined {
    // A frame without a route was built by the codec itself (RECEIPT, ERROR, a heart-beat).
    if (route === undefined) return frame.data;
    return this.built(frame, route)?.message;
  }

  wire(frame: SharedFrame, route: Route): Buffer | undefined {
    if (route === undefined) return undefined;
    const entry = this.built(frame, route);
    if (entry === undefined) return undefined;
    entry.wire ??= textFrameOf(entry.message);
    return entry.wire;
  }

  // Several STOMP frames may share one WebSocket message: the client's parser reads them in order.
  join(deliveries: readonly Delivery[]): Payload[] {
    const parts: Buffer[] = [];
    for (const { frame, route } of deliveries) {
      const payload = this.encode(frame, route);
      if (payload !== undefined) parts.push(Buffer.isBuffer(payload) ? payload : Buffer.from(payload));
    }
    return parts.length === 0 ? [] : [Buffer.concat(parts)];
  }

  private built(frame: SharedFrame, route: string): Built | undefined {
    const target = this.routes.targetOf(route);
    if (target === undefined) return undefined;
    const { key } = target;
    let byTarget = built.get(frame);
    if (byTarget === undefined) {
      byTarget = new Map();
      built.set(frame, byTarget);
    }
    let entry = byTarget.get(key);
    if (entry === undefined) {
      entry = { message: messageFrame(target, frame.data), wire: undefined };
      byTarget.set(key, entry);
    }
    return entry;
  }
}

function messageFrame(target: StompTarget, body: Buffer): Buffer {
  nextMessageId += 1;
  const head =
    'MESSAGE\n' +
    `destination:${escapeHeader(target.destination)}\n` +
    `subscription:${escapeHeader(target.subscription)}\n` +
    `message-id:${nextMessageId.toString(36)}\n` +
    'content-type:application/json\n' +
    `content-length:${body.length}\n\n`;
  return Buffer.concat([Buffer.from(head), body, NUL]);
}
