// Sign-outs as a gateway node hears them: one broker subscription to SESSION_ENDED_CHANNEL for the
// node's life, each message the token hash of a session that ended on whichever web node signed it out.
import type { Broker } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { SESSION_ENDED_CHANNEL } from '../../../lib/protocol/channels.ts';

// A hex SHA-256, as sessions.token_hash stores it.
const TOKEN_HASH = /^[0-9a-f]{64}$/;

/** Subscribes once; `onEnded` gets each well-formed hash, anything else is counted as bad input and dropped. */
export class SessionEndWatch {
  private readonly unsubscribe: Promise<(() => Promise<void>) | undefined>;

  constructor(broker: Broker, logger: Logger, onEnded: (tokenHash: string) => void, onBadMessage: (reason: string) => void) {
    this.unsubscribe = broker
      .subscribe(SESSION_ENDED_CHANNEL, (payload) => {
        if (TOKEN_HASH.test(payload)) onEnded(payload);
        else onBadMessage('malformed-session-end');
      })
      .catch((error: unknown) => {
        // Sockets of a signed-out session then stay up until their session's absolute expiry.
        logger.warn({ err: error }, 'session end subscription failed');
        return undefined;
      });
  }

  /** Resolves once the subscription is live (or has failed). */
  async ready(): Promise<void> {
    await this.unsubscribe;
  }

  /** Releases the subscription. */
  async close(): Promise<void> {
    const unsubscribe = await this.unsubscribe;
    await unsubscribe?.().catch(() => undefined);
  }
}
