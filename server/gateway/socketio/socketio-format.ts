// Socket.IO's way of writing the gateway's frames: each becomes an EVENT packet
// (`2["book.BTC-USD.25",<json>]`, sent by Engine.IO as `42[…]`) named after its subscription, built
// once per update and event name and written unchanged to every socket, as Socket.IO's own broadcasts are.
import type { Payload } from '../fanout/client-port.ts';
import type { Delivery, OutboundFormat, Route } from '../fanout/outbound-format.ts';
import type { SharedFrame } from '../fanout/shared-frame.ts';

/** A connection's routes: the event each is delivered as. */
export interface EventNames {
  eventOf(route: string): string | undefined;
}

/** Per update, its packets by event name. */
const built = new WeakMap<SharedFrame, Map<string, string>>();

/** An EVENT packet of the default namespace carrying one argument already in JSON. */
export function eventPacket(event: string, json: string): string {
  return `2[${JSON.stringify(event)},${json}]`;
}

/** The Socket.IO format of one connection. */
export class SocketIoFormat implements OutboundFormat {
  constructor(private readonly events: EventNames) {}

  encode(frame: SharedFrame, route: Route): Payload | undefined {
    // A frame without a route is a packet the codec built for this connection.
    if (route === undefined) return frame.data.toString('utf8');
    const event = this.events.eventOf(route);
    if (event === undefined) return undefined;
    let byEvent = built.get(frame);
    if (byEvent === undefined) {
      byEvent = new Map();
      built.set(frame, byEvent);
    }
    let packet = byEvent.get(event);
    if (packet === undefined) {
      packet = eventPacket(event, frame.data.toString('utf8'));
      byEvent.set(event, packet);
    }
    return packet;
  }

  wire(): Buffer | undefined {
    return undefined;
  }

  // Engine.IO packets cannot be joined: each goes as its own message (polling batches them in one response).
  join(deliveries: readonly Delivery[]): Payload[] {
    const packets: Payload[] = [];
    for (const { frame, route } of deliveries) {
      const packet = this.encode(frame, route);
      if (packet !== undefined) packets.push(packet);
    }
    return packets;
  }
}
