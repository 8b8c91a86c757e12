// What request handlers need from their gateway besides the client: limits, the broker orders go
// to, users' channels, and the extensions told about each accepted subscription.
import type { Broker } from '../../../lib/broker/broker.ts';
import type { OrderLimits } from '../../../lib/config.ts';
import type { Logger } from '../../../lib/log.ts';
import type { GatewayExtension } from '../gateway-extension.ts';
import type { GatewayOptions } from '../gateway-options.ts';
import type { UserHub } from '../ingest/user-hub.ts';

/** Shared by every request of one gateway. */
export interface RequestDeps {
  options: Pick<GatewayOptions, 'maxSubscriptions' | 'depthBuckets'>;
  /** This node's id, stamped on each queued order op. */
  nodeId: string;
  logger: Logger;
  /** Where order ops are enqueued, and their budgets counted. */
  broker: Pick<Broker, 'enqueue' | 'rateLimit' | 'state' | 'onStateChange'>;
  /** The order-op budgets (per user, per client address) and the order queue's bound. */
  orders: OrderLimits;
  /** Users' order-event channels: an order op waits until its user's is live. */
  users: Pick<UserHub, 'whenReady'>;
  extensions: readonly GatewayExtension[];
}
