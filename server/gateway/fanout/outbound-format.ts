// How one codec puts the gateway's frames on its connection. The fan-out builds each frame once as
// JSON (shared-frame.ts) and tags it with the subscription it belongs to; a format turns it into the
// message its clients read (the JSON itself, a STOMP MESSAGE, a Socket.IO event), built once per
// frame and subscription and shared by every connection that reads it the same way.
import type { Payload } from './client-port.ts';
import { joinFrames, type SharedFrame } from './shared-frame.ts';
import { wireFrameOf } from './wire-frame.ts';

/**
 * Which stream a frame belongs to: a subscription's key (`book:BTC-USD`, see `subscriptionKey`),
 * USER_ROUTE for the user's order events, or undefined for a frame the codec built for this
 * connection alone (a reply).
 */
export type Route = string | undefined;

/** The route of order, fill, position and balance events. */
export const USER_ROUTE = '@user';

/** A frame waiting to go out, with its route. */
export interface Delivery {
  readonly frame: SharedFrame;
  readonly route: Route;
}

/** One codec's way of writing frames. */
export interface OutboundFormat {
  /** The message carrying one frame, or undefined to drop it (nothing on this connection reads that route). */
  encode(frame: SharedFrame, route: Route): Payload | undefined;
  /** That message's complete WebSocket frame, built once and shared; undefined lets the socket build it. */
  wire(frame: SharedFrame, route: Route): Buffer | undefined;
  /** The messages carrying several held frames, in order (as few as the codec allows). */
  join(deliveries: readonly Delivery[]): Payload[];
}

/** The JSON protocol's: every route is the JSON itself; held frames join into one array. */
export const JSON_FORMAT: OutboundFormat = {
  encode: (frame) => frame.data,
  wire: (frame) => wireFrameOf(frame),
  join: (deliveries) => [joinFrames(deliveries.map((delivery) => delivery.frame)).data],
};
