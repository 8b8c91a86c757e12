// What every connection of one gateway shares: its options, logger, counters, the hubs its
// subscriptions live in, users' channels, and what its requests need.
import type { Logger } from '../../../lib/log.ts';
import type { GatewayOptions } from '../gateway-options.ts';
import type { UserHub } from '../ingest/user-hub.ts';
import type { RequestDeps } from '../routing/request-deps.ts';
import type { SubscriptionHubs } from '../routing/session-subscriptions.ts';
import type { ConnectionCounters } from './connection-counters.ts';

/** Handed to each ClientSession. */
export interface SessionDeps {
  options: GatewayOptions;
  /** This node's id, sent in each `hello`. */
  nodeId: string;
  logger: Logger;
  counters: ConnectionCounters;
  hubs: SubscriptionHubs;
  /** A signed-in socket joins its user's order-event channel for as long as it is open. */
  users: Pick<UserHub, 'add' | 'remove'>;
  requests: RequestDeps;
}
