// Picks the market source named by FEED_SOURCE.
import type { Config } from '../../../lib/config.ts';
import { MarketSimulator } from './simulator.ts';
import type { FeedSource } from './source.ts';

/** Creates the configured source. */
export function createSource(feed: Config['feed']): FeedSource {
  switch (feed.source) {
    case 'simulator':
      return new MarketSimulator({ seed: feed.seed, ratePerSec: feed.ratePerSecond });
    case 'replay':
    case 'binance':
      throw new Error(`FEED_SOURCE=${feed.source} is not available yet`);
  }
}
