// What every connection of one gateway shares: its options, hubs, broker, logger and counters.
import type { Broker } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import type { BookHub } from './ingest/book-hub.ts';
import type { GatewayOptions } from './gateway-options.ts';
import type { LabSockets } from './lab-sockets.ts';
import type { PassthroughHub } from './ingest/passthrough-hub.ts';
import type { UserHub } from './ingest/user-hub.ts';

/** Event counters since the gateway started, for `stats()` and tests. */
export interface GatewayCounters {
  conflations: number;
  slowConsumerCloses: number;
  floodCloses: number;
  heartbeatTerminations: number;
  refusedHandshakes: number;
}

/** Shared state handed to each ClientSession. */
export interface GatewayContext {
  options: GatewayOptions;
  nodeId: string;
  logger: Logger;
  books: BookHub;
  forwards: PassthroughHub;
  /** Users' order-event channels. */
  users: UserHub;
  /** The transport lab's handshake reports and drop button. */
  labs: LabSockets;
  /** Where order ops are enqueued. */
  broker: Broker;
  counters: GatewayCounters;
}

/** Fresh zeroed counters. */
export function createCounters(): GatewayCounters {
  return { conflations: 0, slowConsumerCloses: 0, floodCloses: 0, heartbeatTerminations: 0, refusedHandshakes: 0 };
}
