// Picks the market source named by FEED_SOURCE.
import { existsSync } from 'node:fs';
import { ConfigError, type Config } from '../../../lib/config.ts';
import { getMetrics } from '../../../lib/metrics.ts';
import { getFeedMetrics } from '../feed-metrics.ts';
import { DEFAULT_BINANCE_SYMBOLS, isMappedBinanceSymbol } from './binance/binance-markets.ts';
import { BinanceSource } from './binance/binance-source.ts';
import { ReplaySource } from './replay-source.ts';
import { MarketSimulator } from './simulator.ts';
import type { FeedSource } from './source.ts';

/** Optional hooks; without them refused input is only counted in tickwire_bad_input_total. */
export interface SourceHooks {
  onBadInput?: (source: 'replay' | 'binance', reason: string, input: string, detail: string) => void;
  /** Where the simulator's prices start (by symbol); the reference prices otherwise. */
  startPrices?: ReadonlyMap<string, number>;
}

/** Creates the configured source. */
export function createSource(feed: Config['feed'], hooks: SourceHooks = {}): FeedSource {
  const reportFrom = (source: 'replay' | 'binance') => (reason: string, input: string, detail: string) => {
    getMetrics().badInput.inc({ source, reason });
    hooks.onBadInput?.(source, reason, input, detail);
  };
  switch (feed.source) {
    case 'simulator':
      return new MarketSimulator({ seed: feed.seed, ratePerSec: feed.ratePerSecond, startPrices: hooks.startPrices });
    case 'replay':
      if (!existsSync(feed.replayFile)) throw new ConfigError(`Invalid configuration: REPLAY_FILE ${feed.replayFile} does not exist`);
      // Looped and re-stamped with the wall clock, so candles and the index see time move forward.
      return new ReplaySource({
        file: feed.replayFile,
        speed: feed.replaySpeed,
        shouldLoop: true,
        timestamps: 'replayed',
        onBadInput: reportFrom('replay'),
      });
    case 'binance':
      return new BinanceSource({
        wsUrl: feed.binance.wsUrl,
        restUrl: feed.binance.restUrl,
        symbols: knownBinanceSymbols(feed.binance.symbols),
        onBadInput: reportFrom('binance'),
        onStatus: (status) => {
          if (status.type === 'resync') getFeedMetrics().sourceResyncs.inc({ reason: status.reason });
        },
      });
  }
}

/** BINANCE_SYMBOLS, checked against the symbols we can map to an instrument. */
function knownBinanceSymbols(symbols: string[] | undefined): readonly string[] {
  const unknown = (symbols ?? []).filter((symbol) => !isMappedBinanceSymbol(symbol));
  if (unknown.length > 0) {
    throw new ConfigError(`Invalid configuration: BINANCE_SYMBOLS names ${unknown.join(', ')}, which map to no listed instrument (known: ${DEFAULT_BINANCE_SYMBOLS.join(', ')})`);
  }
  return symbols ?? DEFAULT_BINANCE_SYMBOLS;
}
